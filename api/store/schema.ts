/**
 * The tables as kysely sees them (snake_case columns, ISO-8601 text timestamps)
 * and the mappers from rows to the records of the contract (types.ts).
 */
import type { ColumnType, Generated, Selectable } from 'kysely';
import { SCOPES, type ApiKey, type AuditEntry, type ProposalRecord, type RunRecord, type RunStatus, type Scope, type ShareRecord, type Tenant } from './types.js';

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
}

export interface ReportsTable {
  run_id: string;
  /** JSON text. */
  body: string;
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
