/**
 * The tables as kysely sees them (snake_case columns, ISO-8601 text timestamps)
 * and the mappers from rows to the records of the contract (types.ts).
 */
import type { ColumnType, Generated, Selectable } from 'kysely';
import { SCOPES, type ActualsRecord, type ApiKey, type AuditEntry, type ProposalRecord, type RunRecord, type RunStatus, type Scope, type ShareRecord, type Tenant } from './types.js';

export type DialectName = 'sqlite' | 'postgres';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  prefix: string;
  /** SHA-256 hex of the clear-text key. */
  hash: string;
  /** Comma-separated scopes. */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ProposalsTable {
  id: string;
  tenant_id: string;
  version: number;
  crm_ref: string | null;
  customer: string;
  /** JSON text. */
  body: string;
  input_hash: string;
  created_at: string;
  updated_at: string;
  /** 1 on the latest version of a proposal, 0 on the older ones. */
  is_latest: number;
}

export interface RunsTable {
  id: string;
  tenant_id: string;
  proposal_id: string;
  proposal_version: number;
  trials: number;
  /** `bigint` on PostgreSQL, which node-postgres returns as a string. */
  seed: ColumnType<number | string, number, number>;
  sampler: 'lhs' | 'mc';
  status: RunStatus;
  progress: number;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  claimed_by: string | null;
  heartbeat_at: string | null;
  /** The actuals version a tracking run uses (null: a plain analysis). */
  actuals_version: number | null;
  /** The as-of month of a tracking run. */
  as_of_month: number | null;
}

export interface ReportsTable {
  run_id: string;
  /** JSON text. */
  body: string;
  /** A tracking run's `tracking` block, as its own JSON text (null for a plain analysis). */
  tracking: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ActualsTable {
  tenant_id: string;
  proposal_id: string;
  /** 1, 2, … per proposal. */
  version: number;
  /** The proposal version the rows were checked against. */
  proposal_version: number;
  format: 'csv' | 'json';
  /** The file as stored: CSV text as uploaded, JSON as its canonical text. */
  body: string;
  sha256: string;
  rows: number;
  as_of_month: number;
  created_at: string;
  /** The API key id that uploaded it. */
  created_by: string;
}

export interface SharesTable {
  id: string;
  tenant_id: string;
  /** The shared run (deleted with it). */
  run_id: string;
  /** SHA-256 hex of the clear-text token. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  tenant_id: string;
  actor: string;
  action: AuditEntry['action'];
  resource: AuditEntry['resource'];
  resource_id: string;
  at: string;
}

export interface DB {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  proposals: ProposalsTable;
  runs: RunsTable;
  reports: ReportsTable;
  shares: SharesTable;
  audit: AuditTable;
  actuals: ActualsTable;
}

export function toTenant(row: Selectable<TenantsTable>): Tenant {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  const scopes = row.scopes.split(',').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
  return { id: row.id, tenantId: row.tenant_id, prefix: row.prefix, scopes, createdAt: row.created_at, revokedAt: row.revoked_at };
}

export function toProposal(row: Selectable<ProposalsTable>): ProposalRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    version: row.version,
    crmRef: row.crm_ref,
    customer: row.customer,
    body: JSON.parse(row.body) as unknown,
    inputHash: row.input_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    proposalId: row.proposal_id,
    proposalVersion: Number(row.proposal_version),
    trials: Number(row.trials),
    seed: Number(row.seed),
    sampler: row.sampler,
    status: row.status,
    progress: Number(row.progress),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    claimedBy: row.claimed_by,
    heartbeatAt: row.heartbeat_at,
    actualsVersion: row.actuals_version === null || row.actuals_version === undefined ? null : Number(row.actuals_version),
    asOfMonth: row.as_of_month === null || row.as_of_month === undefined ? null : Number(row.as_of_month),
  };
}

export function toActuals(row: Selectable<ActualsTable>): ActualsRecord {
  return {
    tenantId: row.tenant_id,
    proposalId: row.proposal_id,
    version: Number(row.version),
    proposalVersion: Number(row.proposal_version),
    format: row.format,
    body: row.body,
    sha256: row.sha256,
    rows: Number(row.rows),
    asOfMonth: Number(row.as_of_month),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function toShare(row: Pick<Selectable<SharesTable>, 'id' | 'tenant_id' | 'run_id' | 'created_at' | 'expires_at' | 'revoked_at'>): ShareRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    runId: row.run_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export function toAudit(row: Selectable<AuditTable>): AuditEntry {
  return { tenantId: row.tenant_id, actor: row.actor, action: row.action, resource: row.resource, resourceId: row.resource_id, at: row.at };
}
