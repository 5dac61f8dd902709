/**
 * Proposals, every version kept: rows are (id, version) with `is_latest` = 1 on
 * the current one (a partial unique index allows one latest row per id).
 */
import type { Kysely } from 'kysely';
import { affected, newId, nowIso } from './ids.js';
import { toProposal, type DB, type ProposalsTable } from './schema.js';
import { StaleVersionError, type Page, type ProposalRecord } from './types.js';

export interface ProposalInput {
  body: unknown;
  crmRef: string | null;
  customer: string;
  inputHash: string;
}

export interface ProposalFilter {
  crmRef?: string;
  customer?: string;
  cursor?: string;
  limit: number;
}

/** Thrown by listProposals when the cursor was not produced by it (HTTP 400). */
export class InvalidCursorError extends Error {
  constructor() {
    super('the page cursor is not valid');
    this.name = 'InvalidCursorError';
  }
}

/** Opaque keyset cursor: base64url of the JSON pair [updated_at, id] of the last item. */
export function encodeCursor(updatedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
    throw new InvalidCursorError();
  }
  return { updatedAt: value[0], id: value[1] };
}

function bodyText(body: unknown): string {
  const text = JSON.stringify(body);
  if (text === undefined) throw new TypeError('a proposal body must be JSON-serialisable');
  return text;
}

/**
 * The proposal methods of the Store over one database (every version kept);
 * writes clear `latestRuns`, the cache of the latest run per CRM reference.
 */
export function proposalStore(db: Kysely<DB>, latestRuns: { clear(): void }) {
  return {
    /** Stores version 1 of a new proposal. */
    async createProposal(tenantId: string, input: ProposalInput): Promise<ProposalRecord> {
      const now = nowIso();
      const row: ProposalsTable = {
        id: newId(),
        tenant_id: tenantId,
        version: 1,
        crm_ref: input.crmRef,
        customer: input.customer,
        body: bodyText(input.body),
        input_hash: input.inputHash,
        created_at: now,
        updated_at: now,
        is_latest: 1,
      };
      await db.insertInto('proposals').values(row).execute();
      latestRuns.clear();
      return toProposal(row);
    },

    /** The latest version, or a given one; null when absent (or another tenant's). */
    async getProposal(tenantId: string, id: string, version?: number): Promise<ProposalRecord | null> {
      const row = await db
        .selectFrom('proposals')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .$call((q) => (version === undefined ? q.where('is_latest', '=', 1) : q.where('version', '=', version)))
        .executeTakeFirst();
      return row ? toProposal(row) : null;
    },

    /** Latest versions, most recently updated first, keyset-paginated on (updated_at, id); InvalidCursorError for a cursor it did not issue. */
    async listProposals(tenantId: string, filter: ProposalFilter): Promise<Page<ProposalRecord>> {
      const { limit } = filter;
      if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
      const after = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
      let query = db.selectFrom('proposals').selectAll().where('tenant_id', '=', tenantId).where('is_latest', '=', 1);
      if (filter.crmRef !== undefined) query = query.where('crm_ref', '=', filter.crmRef);
      if (filter.customer !== undefined) query = query.where('customer', '=', filter.customer);
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('updated_at', '<', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '<', after.id)])]),
        );
      }
      const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toProposal);
      const last = items[items.length - 1];
      const next = rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null;
      return { items, next };
    },

    /**
     * Stores version expectedVersion + 1 in one transaction; StaleVersionError when
     * expectedVersion is not current, null when the proposal is absent. The
     * compare-and-set is the UPDATE that clears `is_latest` on exactly (id,
     * expectedVersion, latest): a concurrent writer blocks on that row (PostgreSQL)
     * or on the write lock (SQLite) and then finds no row to update, so it reports
     * the version it lost to.
     */
    async updateProposal(tenantId: string, id: string, expectedVersion: number, input: ProposalInput): Promise<ProposalRecord | null> {
      const body = bodyText(input.body);
      return db.transaction().execute(async (trx) => {
        const previous = await trx
          .updateTable('proposals')
          .set({ is_latest: 0 })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .where('version', '=', expectedVersion)
          .where('is_latest', '=', 1)
          .returning(['created_at'])
          .executeTakeFirst();
        if (!previous) {
          const current = await trx
            .selectFrom('proposals')
            .select('version')
            .where('tenant_id', '=', tenantId)
            .where('id', '=', id)
            .where('is_latest', '=', 1)
            .executeTakeFirst();
          if (!current) return null;
          throw new StaleVersionError(Number(current.version));
        }
        const row: ProposalsTable = {
          id,
          tenant_id: tenantId,
          version: expectedVersion + 1,
          crm_ref: input.crmRef,
          customer: input.customer,
          body,
          input_hash: input.inputHash,
          created_at: previous.created_at,
          updated_at: nowIso(),
          is_latest: 1,
        };
        await trx.insertInto('proposals').values(row).execute();
        return toProposal(row);
      }).finally(() => latestRuns.clear());
    },

    /** Deletes every version with its runs and their reports, in one transaction; false when absent. */
    async deleteProposal(tenantId: string, id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('reports')
          .where('run_id', 'in', trx.selectFrom('runs').select('id').where('tenant_id', '=', tenantId).where('proposal_id', '=', id))
          .execute();
        await trx.deleteFrom('runs').where('tenant_id', '=', tenantId).where('proposal_id', '=', id).execute();
        const deleted = await trx.deleteFrom('proposals').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
        return affected(deleted) > 0;
      }).finally(() => latestRuns.clear());
    },
  };
}
