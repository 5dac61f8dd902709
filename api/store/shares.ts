/**
 * Share links: a read-only link to one succeeded run, opened by a token alone
 * (no API key). The token is shown once, when the link is created, and stored
 * as its SHA-256 hash; resolving a token is the only lookup not scoped by
 * tenant (the token itself identifies the share, its tenant and its run).
 */
import type { Kysely } from 'kysely';
import { affected, newId, newShareToken, nowIso, sha256Hex, SHARE_TOKEN_PATTERN, storedIso } from './ids.js';
import { toRun, toShare, type DB } from './schema.js';
import type { RunRecord, ShareRecord } from './types.js';

/** Thrown by createShare when the run is not a succeeded run of the tenant (the routes check first: 404 / 409). */
export class ShareTargetError extends Error {
  constructor(readonly runId: string) {
    super(`run ${JSON.stringify(runId)} is not a succeeded run of this tenant`);
    this.name = 'ShareTargetError';
  }
}

/** The share-link methods of the Store over one database. */
export function shareStore(db: Kysely<DB>) {
  return {
    /**
     * Creates a link to the tenant's succeeded run, expiring at `expiresAt` (any
     * ISO-8601 instant, stored in the fixed-width form; a past instant makes a
     * link that never opens). One INSERT … SELECT from runs: the run is checked
     * (tenant, status) in the same statement that stores the share.
     */
    async createShare(tenantId: string, runId: string, expiresAt: string): Promise<{ token: string; record: ShareRecord }> {
      const token = newShareToken();
      const row = {
        id: newId(),
        tenant_id: tenantId,
        run_id: runId,
        token_hash: sha256Hex(token),
        created_at: nowIso(),
        expires_at: storedIso(expiresAt),
        revoked_at: null,
      };
      const result = await db
        .insertInto('shares')
        .columns(['id', 'tenant_id', 'run_id', 'token_hash', 'created_at', 'expires_at'])
        .expression((eb) =>
          eb
            .selectFrom('runs')
            .select([
              eb.val(row.id).as('id'),
              'runs.tenant_id',
              'runs.id',
              eb.val(row.token_hash).as('token_hash'),
              eb.val(row.created_at).as('created_at'),
              eb.val(row.expires_at).as('expires_at'),
            ])
            .where('runs.tenant_id', '=', tenantId)
            .where('runs.id', '=', runId)
            .where('runs.status', '=', 'succeeded'),
        )
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw new ShareTargetError(runId);
      return { token, record: toShare(row) };
    },

    /**
     * The share and its run when the token is valid, not revoked and not expired
     * at `now` (a link expires at its expiresAt instant); else null. Text that is
     * not shaped like a share token (an API key, say) is rejected without a query.
     */
    async resolveShare(token: string, now: string): Promise<{ share: ShareRecord; run: RunRecord } | null> {
      if (typeof token !== 'string' || !SHARE_TOKEN_PATTERN.test(token)) return null;
      const at = storedIso(now);
      const row = await db
        .selectFrom('shares')
        .innerJoin('runs', (join) => join.onRef('runs.id', '=', 'shares.run_id').onRef('runs.tenant_id', '=', 'shares.tenant_id'))
        .selectAll('runs')
        .select([
          'shares.id as share_id',
          'shares.tenant_id as share_tenant_id',
          'shares.run_id as share_run_id',
          'shares.created_at as share_created_at',
          'shares.expires_at as share_expires_at',
          'shares.revoked_at as share_revoked_at',
        ])
        .where('shares.token_hash', '=', sha256Hex(token))
        .where('shares.revoked_at', 'is', null)
        .where('shares.expires_at', '>', at)
        .where('runs.status', '=', 'succeeded')
        .executeTakeFirst();
      if (!row) return null;
      const { share_id, share_tenant_id, share_run_id, share_created_at, share_expires_at, share_revoked_at, ...run } = row;
      return {
        share: toShare({
          id: share_id,
          tenant_id: share_tenant_id,
          run_id: share_run_id,
          created_at: share_created_at,
          expires_at: share_expires_at,
          revoked_at: share_revoked_at,
        }),
        run: toRun(run),
      };
    },

    /** Revokes a link of the tenant; false when absent (or another tenant's) or already revoked. */
    async revokeShare(tenantId: string, shareId: string): Promise<boolean> {
      const result = await db
        .updateTable('shares')
        .set({ revoked_at: nowIso() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', shareId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return affected(result) > 0;
    },

    /** The run's links (revoked and expired ones included), newest first. */
    async listShares(tenantId: string, runId: string): Promise<ShareRecord[]> {
      const rows = await db
        .selectFrom('shares')
        .select(['id', 'tenant_id', 'run_id', 'created_at', 'expires_at', 'revoked_at'])
        .where('tenant_id', '=', tenantId)
        .where('run_id', '=', runId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toShare);
    },
  };
}
