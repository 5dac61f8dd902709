/**
 * The records of the API's storage (tenants, keys, proposals, runs, share
 * links, audit entries) as the routes and the run executor see them. One
 * implementation serves SQLite (the embedded default) and PostgreSQL (many
 * instances) through kysely; every query takes the caller's tenant, so one
 * tenant never sees another's rows.
 */

export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  tenantId: string;
  /** The first characters of the key, shown in listings (never the key). */
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface ProposalRecord {
  id: string;
  tenantId: string;
  /** 1, 2, … — every update stores a new version; the ETag is `"<id>:<version>"`. */
  version: number;
  crmRef: string | null;
  customer: string;
  /** The proposal as written (validated, before normalisation). */
  body: unknown;
  inputHash: string;
  createdAt: string;
  updatedAt: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunRecord {
  id: string;
  tenantId: string;
  proposalId: string;
  proposalVersion: number;
  trials: number;
  seed: number;
  sampler: 'lhs' | 'mc';
  status: RunStatus;
  /** Trials done so far (progress). */
  progress: number;
  /** Stable error code and message when failed. */
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Which server instance claimed it (for recovery). */
  claimedBy: string | null;
  /** Last sign of life from the instance running it. */
  heartbeatAt: string | null;
  /** The actuals version a tracking run uses; null for a plain analysis. */
  actualsVersion: number | null;
  /** The as-of month of a tracking run; null for a plain analysis. */
  asOfMonth: number | null;
}

/** One version of a proposal's actuals (docs/tracking.md): the file, checked against a proposal version. */
export interface ActualsRecord {
  tenantId: string;
  proposalId: string;
  /** 1, 2, … — every upload stores a new version; the ETag is `"<proposal id>:actuals:<version>"`. */
  version: number;
  /** The proposal version the rows were checked against when uploaded. */
  proposalVersion: number;
  format: 'csv' | 'json';
  /** The file: CSV text as uploaded, JSON as its canonical text. */
  body: string;
  /** SHA-256 hex of `body`. */
  sha256: string;
  /** Data rows. */
  rows: number;
  /** The as-of month the rows were checked against: the one given, else the latest month of a row. */
  asOfMonth: number;
  createdAt: string;
  /** The API key id that uploaded it. */
  createdBy: string;
}

/** A read-only link to one run's page: the token is shown once and stored hashed. */
export interface ShareRecord {
  id: string;
  tenantId: string;
  runId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface AuditEntry {
  tenantId: string;
  /** The API key id, or "cli" / "system". */
  actor: string;
  action: 'create' | 'update' | 'delete' | 'run' | 'cancel' | 'share' | 'open';
  resource: 'proposal' | 'run' | 'key' | 'share' | 'actuals';
  resourceId: string;
  at: string;
}

/** A page of a list: items and the opaque cursor of the next page (null at the end). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Thrown by updates whose expected version is not the current one (HTTP 412). */
export class StaleVersionError extends Error {
  constructor(readonly current: number) {
    super(`the proposal is at version ${current}`);
    this.name = 'StaleVersionError';
  }
}

/** The Store itself: its type is derived from its methods (store.ts). */
export type { Store } from './store.js';
