/**
 * The storage contract of the API: plain records and the repository the HTTP
 * routes and the run executor use. One implementation serves SQLite (the
 * embedded default) and PostgreSQL (many instances) through kysely; every
 * query takes the caller's tenant, so one tenant never sees another's rows.
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
  resource: 'proposal' | 'run' | 'key' | 'share';
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

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;

  // Tenants and keys
  createTenant(name: string): Promise<Tenant>;
  findTenantByName(name: string): Promise<Tenant | null>;
  /** Creates a key and returns it once in clear text (only its hash is stored). */
  createKey(tenantId: string, scopes: Scope[]): Promise<{ key: string; record: ApiKey }>;
  /** The key's record when the clear-text key is valid and not revoked. */
  authenticate(key: string): Promise<ApiKey | null>;
  listKeys(tenantId: string): Promise<ApiKey[]>;
  revokeKey(tenantId: string, keyId: string): Promise<boolean>;

  // Proposals (every version kept)
  createProposal(tenantId: string, input: { body: unknown; crmRef: string | null; customer: string; inputHash: string }): Promise<ProposalRecord>;
  /** The latest version, or a given one. */
  getProposal(tenantId: string, id: string, version?: number): Promise<ProposalRecord | null>;
  listProposals(tenantId: string, filter: { crmRef?: string; customer?: string; cursor?: string; limit: number }): Promise<Page<ProposalRecord>>;
  /** Stores a new version when `expectedVersion` is current; else throws StaleVersionError. Null when absent. */
  updateProposal(
    tenantId: string,
    id: string,
    expectedVersion: number,
    input: { body: unknown; crmRef: string | null; customer: string; inputHash: string },
  ): Promise<ProposalRecord | null>;
  /** Deletes the proposal, its versions and its runs; false when absent. */
  deleteProposal(tenantId: string, id: string): Promise<boolean>;

  // Runs
  createRun(tenantId: string, input: { proposalId: string; proposalVersion: number; trials: number; seed: number; sampler: 'lhs' | 'mc' }): Promise<RunRecord>;
  getRun(tenantId: string, id: string): Promise<RunRecord | null>;
  listRuns(tenantId: string, proposalId: string): Promise<RunRecord[]>;
  /**
   * Claims the oldest queued run for this instance, atomically (PostgreSQL:
   * FOR UPDATE SKIP LOCKED; SQLite: one writer): status → running. Null when none.
   */
  claimRun(instanceId: string): Promise<RunRecord | null>;
  /** Records progress and a heartbeat; returns false when the run is no longer running (cancelled). */
  heartbeat(runId: string, progress: number): Promise<boolean>;
  /** Writes the Report and the final status in one transaction (synchronous=FULL on SQLite). */
  completeRun(runId: string, report: unknown): Promise<void>;
  failRun(runId: string, error: { code: string; message: string }): Promise<void>;
  /** Marks a queued or running run cancelled; false when absent or already finished. */
  cancelRun(tenantId: string, id: string): Promise<boolean>;
  /** The Report of a succeeded run. */
  getReport(tenantId: string, runId: string): Promise<unknown | null>;
  /**
   * Runs left `running` by an instance that stopped (no heartbeat since `staleBefore`,
   * or claimed by `instanceId` itself at start-up) go back to `queued`; returns how many.
   */
  recoverRuns(staleBefore: string, instanceId?: string): Promise<number>;
  /** The latest succeeded run of the latest proposal with this CRM reference. */
  latestRunForCrmRef(tenantId: string, crmRef: string): Promise<{ run: RunRecord; report: unknown } | null>;
  /** The same run without its Report, in one query (the scores route caches what it derives from a Report by run id). */
  latestRunIdForCrmRef(tenantId: string, crmRef: string): Promise<RunRecord | null>;

  // Share links
  /** Creates a link to a run; returns the clear-text token once (≥ 128 random bits; only its hash is stored). */
  createShare(tenantId: string, runId: string, expiresAt: string): Promise<{ token: string; record: ShareRecord }>;
  /** The share and its run when the token is valid, not revoked and not expired at `now`; else null. */
  resolveShare(token: string, now: string): Promise<{ share: ShareRecord; run: RunRecord } | null>;
  revokeShare(tenantId: string, shareId: string): Promise<boolean>;
  listShares(tenantId: string, runId: string): Promise<ShareRecord[]>;

  // Audit
  audit(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  listAudit(tenantId: string): Promise<AuditEntry[]>;
}
