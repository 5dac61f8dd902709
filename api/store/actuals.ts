/**
 * Actuals per proposal, every version kept (docs/tracking.md): each upload is a
 * new row (proposal, version). The compare-and-set is the primary key: an
 * upload names the version it expects to follow, and of two concurrent uploads
 * of the same next version one insert fails and reports the version it lost to.
 */
import type { Kysely } from 'kysely';
import { nowIso, sha256Hex } from './ids.js';
import { toActuals, type ActualsTable, type DB } from './schema.js';
import { StaleVersionError, type ActualsRecord } from './types.js';

export interface ActualsInput {
  /** The proposal version the rows were checked against. */
  proposalVersion: number;
  format: 'csv' | 'json';
  body: string;
  rows: number;
  asOfMonth: number;
  /** The API key id of the uploader. */
  createdBy: string;
}

/** What a version listing shows: everything but the file. */
export type ActualsSummary = Omit<ActualsRecord, 'body'>;

const SUMMARY_COLUMNS = ['tenant_id', 'proposal_id', 'version', 'proposal_version', 'format', 'sha256', 'rows', 'as_of_month', 'created_at', 'created_by'] as const;

/** The actuals methods of the Store over one database. */
export function actualsStore(db: Kysely<DB>) {
  const latestVersion = async (q: Kysely<DB>, tenantId: string, proposalId: string): Promise<number> => {
    const row = await q
      .selectFrom('actuals')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant_id', '=', tenantId)
      .where('proposal_id', '=', proposalId)
      .executeTakeFirst();
    return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
  };

  return {
    /** The latest version number of a proposal's actuals (0: none yet). */
    latestActualsVersion(tenantId: string, proposalId: string): Promise<number> {
      return latestVersion(db, tenantId, proposalId);
    },

    /**
     * Stores version expectedVersion + 1 (expectedVersion 0 for the first);
     * StaleVersionError when another version came first. The foreign key
     * rejects a proposal version the tenant does not have.
     */
    async addActuals(tenantId: string, proposalId: string, expectedVersion: number, input: ActualsInput): Promise<ActualsRecord> {
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) throw new RangeError(`expected version must be a whole number ≥ 0, got ${expectedVersion}`);
      if (!Number.isSafeInteger(input.rows) || input.rows < 1) throw new RangeError(`rows must be a whole number ≥ 1, got ${input.rows}`);
      if (!Number.isSafeInteger(input.asOfMonth) || input.asOfMonth < 0) throw new RangeError(`asOfMonth must be a whole number ≥ 0, got ${input.asOfMonth}`);
      const row: ActualsTable = {
        tenant_id: tenantId,
        proposal_id: proposalId,
        version: expectedVersion + 1,
        proposal_version: input.proposalVersion,
        format: input.format,
        body: input.body,
        sha256: sha256Hex(input.body),
        rows: input.rows,
        as_of_month: input.asOfMonth,
        created_at: nowIso(),
        created_by: input.createdBy,
      };
      try {
        await db.transaction().execute(async (trx) => {
          const current = await latestVersion(trx, tenantId, proposalId);
          if (current !== expectedVersion) throw new StaleVersionError(current);
          await trx.insertInto('actuals').values(row).execute();
        });
      } catch (e) {
        if (e instanceof StaleVersionError) throw e;
        // A concurrent upload of the same version (primary key) is a stale version; anything else is an error.
        const current = await latestVersion(db, tenantId, proposalId);
        if (current !== expectedVersion) throw new StaleVersionError(current);
        throw e;
      }
      return toActuals(row);
    },

    /** One version (the latest when none is given), or null when absent or another tenant's. */
    async getActuals(tenantId: string, proposalId: string, version?: number): Promise<ActualsRecord | null> {
      const row = await db
        .selectFrom('actuals')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('proposal_id', '=', proposalId)
        .$call((q) => (version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version)))
        .executeTakeFirst();
      return row ? toActuals(row) : null;
    },

    /** Every version of a proposal's actuals, without the files, newest first. */
    async listActuals(tenantId: string, proposalId: string): Promise<ActualsSummary[]> {
      const rows = await db
        .selectFrom('actuals')
        .select(SUMMARY_COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('proposal_id', '=', proposalId)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((r) => {
        const { body: _body, ...summary } = toActuals({ ...r, body: '' });
        return summary;
      });
    },
  };
}
