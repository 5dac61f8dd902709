/** The Store of types.ts over one kysely instance: composes the per-resource modules. */
import type { Kysely } from 'kysely';
import { addAudit, listAudit } from './audit.js';
import { authenticate, createKey, listKeys, revokeKey } from './keys.js';
import type { MigrationStatus } from './migrations.js';
import { createProposal, deleteProposal, getProposal, listProposals, updateProposal, type ProposalFilter, type ProposalInput } from './proposals.js';
import {
  cancelRun,
  claimRun,
  completeRun,
  createRun,
  failRun,
  getReport,
  getRun,
  getRunById,
  heartbeat,
  latestRunForCrmRef,
  latestRunIdForCrmRef,
  listRuns,
  recoverRuns,
  type RunInput,
} from './runs.js';
import type { DB, DialectName } from './schema.js';
import { createShare, listShares, resolveShare, revokeShare } from './shares.js';
import { createTenant, findTenantByName } from './tenants.js';
import type { ApiKey, AuditEntry, Page, ProposalRecord, RunRecord, Scope, ShareRecord, Store, Tenant } from './types.js';

export class SqlStore implements Store {
  private closed = false;

  /**
   * @param db the kysely instance (exposed for tests and maintenance scripts;
   *   application code goes through the tenant-scoped methods)
   * @param migrations the migrations applied when this store was opened
   */
  constructor(
    readonly db: Kysely<DB>,
    readonly dialect: DialectName,
    readonly migrations: readonly MigrationStatus[] = [],
  ) {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
  }

  createTenant(name: string): Promise<Tenant> {
    return createTenant(this.db, name);
  }
  findTenantByName(name: string): Promise<Tenant | null> {
    return findTenantByName(this.db, name);
  }
  createKey(tenantId: string, scopes: Scope[]): Promise<{ key: string; record: ApiKey }> {
    return createKey(this.db, tenantId, scopes);
  }
  authenticate(key: string): Promise<ApiKey | null> {
    return authenticate(this.db, key);
  }
  listKeys(tenantId: string): Promise<ApiKey[]> {
    return listKeys(this.db, tenantId);
  }
  revokeKey(tenantId: string, keyId: string): Promise<boolean> {
    return revokeKey(this.db, tenantId, keyId);
  }

  createProposal(tenantId: string, input: ProposalInput): Promise<ProposalRecord> {
    return createProposal(this.db, tenantId, input);
  }
  getProposal(tenantId: string, id: string, version?: number): Promise<ProposalRecord | null> {
    return getProposal(this.db, tenantId, id, version);
  }
  listProposals(tenantId: string, filter: ProposalFilter): Promise<Page<ProposalRecord>> {
    return listProposals(this.db, tenantId, filter);
  }
  updateProposal(tenantId: string, id: string, expectedVersion: number, input: ProposalInput): Promise<ProposalRecord | null> {
    return updateProposal(this.db, tenantId, id, expectedVersion, input);
  }
  deleteProposal(tenantId: string, id: string): Promise<boolean> {
    return deleteProposal(this.db, tenantId, id);
  }

  createRun(tenantId: string, input: RunInput): Promise<RunRecord> {
    return createRun(this.db, tenantId, input);
  }
  getRun(tenantId: string, id: string): Promise<RunRecord | null> {
    return getRun(this.db, tenantId, id);
  }
  listRuns(tenantId: string, proposalId: string): Promise<RunRecord[]> {
    return listRuns(this.db, tenantId, proposalId);
  }
  claimRun(instanceId: string): Promise<RunRecord | null> {
    return claimRun(this.db, this.dialect, instanceId);
  }
  heartbeat(runId: string, progress: number): Promise<boolean> {
    return heartbeat(this.db, runId, progress);
  }
  completeRun(runId: string, report: unknown): Promise<void> {
    return completeRun(this.db, runId, report);
  }
  failRun(runId: string, error: { code: string; message: string }): Promise<void> {
    return failRun(this.db, runId, error);
  }
  cancelRun(tenantId: string, id: string): Promise<boolean> {
    return cancelRun(this.db, tenantId, id);
  }
  getReport(tenantId: string, runId: string): Promise<unknown | null> {
    return getReport(this.db, tenantId, runId);
  }
  recoverRuns(staleBefore: string, instanceId?: string): Promise<number> {
    return recoverRuns(this.db, staleBefore, instanceId);
  }
  latestRunForCrmRef(tenantId: string, crmRef: string): Promise<{ run: RunRecord; report: unknown } | null> {
    return latestRunForCrmRef(this.db, tenantId, crmRef);
  }

  latestRunIdForCrmRef(tenantId: string, crmRef: string): Promise<RunRecord | null> {
    return latestRunIdForCrmRef(this.db, tenantId, crmRef);
  }
  /** A run in any tenant (maintenance tools; not on the Store contract). */
  getRunById(id: string): Promise<RunRecord | null> {
    return getRunById(this.db, id);
  }

  createShare(tenantId: string, runId: string, expiresAt: string): Promise<{ token: string; record: ShareRecord }> {
    return createShare(this.db, tenantId, runId, expiresAt);
  }
  resolveShare(token: string, now: string): Promise<{ share: ShareRecord; run: RunRecord } | null> {
    return resolveShare(this.db, token, now);
  }
  revokeShare(tenantId: string, shareId: string): Promise<boolean> {
    return revokeShare(this.db, tenantId, shareId);
  }
  listShares(tenantId: string, runId: string): Promise<ShareRecord[]> {
    return listShares(this.db, tenantId, runId);
  }

  audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    return addAudit(this.db, entry);
  }
  listAudit(tenantId: string): Promise<AuditEntry[]> {
    return listAudit(this.db, tenantId);
  }
}

/**
 * The run with this id, whichever tenant owns it (the CLI's `share` command
 * finds the run's tenant this way). Only a SqlStore (what openStore returns) can.
 * @example const run = await findRunById(await openStore({ sqliteFile }), runId)
 */
export function findRunById(store: Store, id: string): Promise<RunRecord | null> {
  if (!(store instanceof SqlStore)) throw new TypeError('findRunById needs the SqlStore that openStore returns');
  return store.getRunById(id);
}
