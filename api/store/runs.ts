/**
 * Runs and their reports: the queue the run executors claim from, heartbeats,
 * completion, cancellation and recovery of runs left by a stopped instance.
 * Executor-side calls (claim, heartbeat, complete, fail, recover) act on run
 * ids across tenants; every tenant-facing call filters by tenant_id.
 */
import type { Kysely, Selectable } from 'kysely';
import { affected, newId, nowIso } from './ids.js';
import { prepared } from './prepared.js';
import type { ReadCache } from './read-cache.js';
import { toRun, type DB, type DialectName, type RunsTable } from './schema.js';
import type { RunRecord } from './types.js';

export interface RunInput {
  proposalId: string;
  proposalVersion: number;
  trials: number;
  seed: number;
  sampler: 'lhs' | 'mc';
  /** A tracking run: the actuals version it uses and its as-of month (both or neither). */
  tracking?: { actualsVersion: number; asOfMonth: number };
}

/** The latest succeeded run of the latest version of the latest proposal with a CRM reference: compiled once (CRMs poll it). */
const latestRunByCrmRef = prepared((db: Kysely<DB>, p: (name: 'tenantId' | 'crmRef') => string) =>
  db
    .with('latest', (q) =>
      q
        .selectFrom('proposals')
        .select(['id', 'version'])
        .where('tenant_id', '=', p('tenantId'))
        .where('crm_ref', '=', p('crmRef'))
        .where('is_latest', '=', 1)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    )
    .selectFrom('runs')
    .innerJoin('latest', (join) => join.onRef('latest.id', '=', 'runs.proposal_id').onRef('latest.version', '=', 'runs.proposal_version'))
    .selectAll('runs')
    .where('runs.tenant_id', '=', p('tenantId'))
    .where('runs.status', '=', 'succeeded')
    .orderBy('runs.finished_at', 'desc')
    .orderBy('runs.created_at', 'desc')
    .orderBy('runs.id', 'desc')
    .limit(1),
);

/**
 * The run and report methods of the Store over one database; `latest` caches
 * the latest succeeded run per CRM reference and is cleared by every write
 * that could change it.
 */
export function runStore(db: Kysely<DB>, dialect: DialectName, latest: ReadCache<RunRecord | null>) {
  return {
    /** Queues a run of a proposal version of the tenant (the foreign key rejects a version it does not have). */
    async createRun(tenantId: string, input: RunInput): Promise<RunRecord> {
      if (!Number.isSafeInteger(input.trials) || input.trials < 1) throw new RangeError(`trials must be a whole number ≥ 1, got ${input.trials}`);
      if (!Number.isSafeInteger(input.seed)) throw new RangeError(`seed must be an integer, got ${input.seed}`);
      if (input.sampler !== 'lhs' && input.sampler !== 'mc') throw new RangeError(`unknown sampler ${JSON.stringify(input.sampler)}`);
      const row: Selectable<RunsTable> = {
        id: newId(),
        tenant_id: tenantId,
        proposal_id: input.proposalId,
        proposal_version: input.proposalVersion,
        trials: input.trials,
        seed: input.seed,
        sampler: input.sampler,
        status: 'queued',
        progress: 0,
        error_code: null,
        error_message: null,
        created_at: nowIso(),
        started_at: null,
        finished_at: null,
        claimed_by: null,
        heartbeat_at: null,
        actuals_version: input.tracking?.actualsVersion ?? null,
        as_of_month: input.tracking?.asOfMonth ?? null,
      };
      // The foreign key (tenant_id, proposal_id, proposal_version) → proposals rejects
      // a proposal version that does not exist in this tenant.
      await db.insertInto('runs').values({ ...row, seed: input.seed }).execute();
      return toRun(row);
    },

    /** The tenant's run, or null. */
    async getRun(tenantId: string, id: string): Promise<RunRecord | null> {
      const row = await db.selectFrom('runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : null;
    },

    /**
     * The run with this id in whichever tenant owns it: for maintenance tools (the
     * CLI's `share` command looks a run's tenant up by its id). Request handlers
     * always go through getRun with the caller's tenant.
     */
    async getRunById(id: string): Promise<RunRecord | null> {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : null;
    },

    /** The proposal's runs (all versions), newest first. */
    async listRuns(tenantId: string, proposalId: string): Promise<RunRecord[]> {
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('proposal_id', '=', proposalId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toRun);
    },

    /** How many of the tenant's runs are queued or running (the per-tenant queue limit counts them). */
    async countActiveRuns(tenantId: string): Promise<number> {
      const row = await db
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Claims the oldest queued run for this instance, atomically: one UPDATE …
     * WHERE id = (oldest queued id) RETURNING *, status → running. PostgreSQL
     * locks the chosen row with FOR UPDATE SKIP LOCKED so concurrent claimers
     * take different rows; SQLite has one writer at a time. Null when none.
     */
    async claimRun(instanceId: string): Promise<RunRecord | null> {
      const now = nowIso();
      const row = await db.transaction().execute((trx) =>
        trx
          .updateTable('runs')
          .set({ status: 'running', claimed_by: instanceId, started_at: now, heartbeat_at: now, progress: 0 })
          .where('id', '=', (eb) =>
            eb
              .selectFrom('runs')
              .select('id')
              .where('status', '=', 'queued')
              .orderBy('created_at')
              .orderBy('id')
              .limit(1)
              .$call((q) => (dialect === 'postgres' ? q.forUpdate().skipLocked() : q)),
          )
          .where('status', '=', 'queued')
          .returningAll()
          .executeTakeFirst(),
      );
      return row ? toRun(row) : null;
    },

    /** Records progress and a heartbeat; false when the run is no longer running (cancelled). */
    async heartbeat(runId: string, progress: number): Promise<boolean> {
      if (!Number.isSafeInteger(progress) || progress < 0) throw new RangeError(`progress must be a whole number ≥ 0, got ${progress}`);
      const result = await db
        .updateTable('runs')
        .set({ progress, heartbeat_at: nowIso() })
        .where('id', '=', runId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return affected(result) > 0;
    },

    /**
     * The Report (its JSON text, as the worker wrote it) and the final status in
     * one transaction, only while the run is still running; a tracking run's
     * `tracking` block is kept beside it as its own JSON text.
     */
    async completeRun(runId: string, reportJson: string, trackingJson: string | null = null): Promise<void> {
      if (typeof reportJson !== 'string' || reportJson === '') throw new TypeError('a report is stored as its JSON text');
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .updateTable('runs')
          .set((eb) => ({ status: 'succeeded', finished_at: now, heartbeat_at: now, progress: eb.ref('trials') }))
          .where('id', '=', runId)
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (affected(done) === 0) return;
        await trx
          .insertInto('reports')
          .values({ run_id: runId, body: reportJson, tracking: trackingJson })
          .onConflict((oc) => oc.column('run_id').doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), tracking: eb.ref('excluded.tracking') })))
          .execute();
      });
      latest.clear();
    },

    /** Marks a queued or running run failed with a stable code and message. */
    async failRun(runId: string, error: { code: string; message: string }): Promise<void> {
      await db
        .updateTable('runs')
        .set({ status: 'failed', error_code: error.code, error_message: error.message, finished_at: nowIso() })
        .where('id', '=', runId)
        .where('status', 'in', ['queued', 'running'])
        .execute();
    },

    /** Marks a queued or running run cancelled; false when absent or already finished. */
    async cancelRun(tenantId: string, id: string): Promise<boolean> {
      const result = await db
        .updateTable('runs')
        .set({ status: 'cancelled', finished_at: nowIso() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      return affected(result) > 0;
    },

    /** The JSON text of a succeeded run's Report, as stored (served as is, never re-serialised). */
    async getReportJson(tenantId: string, runId: string): Promise<string | null> {
      const row = await db
        .selectFrom('reports')
        .innerJoin('runs', 'runs.id', 'reports.run_id')
        .select('reports.body')
        .where('runs.tenant_id', '=', tenantId)
        .where('runs.id', '=', runId)
        .where('runs.status', '=', 'succeeded')
        .executeTakeFirst();
      return row ? row.body : null;
    },

    /**
     * The latest succeeded tracking run of a proposal (any of its versions), or
     * null; cached briefly like latestRunForCrmRef (the CRM's scores read it).
     */
    async latestTrackingRun(tenantId: string, proposalId: string): Promise<RunRecord | null> {
      return latest.get(`tracking\u0000${tenantId}\u0000${proposalId}`, async () => {
        const row = await db
          .selectFrom('runs')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('proposal_id', '=', proposalId)
          .where('status', '=', 'succeeded')
          .where('actuals_version', 'is not', null)
          .orderBy('finished_at', 'desc')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row ? toRun(row) : null;
      });
    },

    /** The JSON text of a succeeded tracking run's `tracking` block, as stored; null for other runs. */
    async getTrackingJson(tenantId: string, runId: string): Promise<string | null> {
      const row = await db
        .selectFrom('reports')
        .innerJoin('runs', 'runs.id', 'reports.run_id')
        .select('reports.tracking')
        .where('runs.tenant_id', '=', tenantId)
        .where('runs.id', '=', runId)
        .where('runs.status', '=', 'succeeded')
        .executeTakeFirst();
      return row?.tracking ?? null;
    },

    /**
     * Running runs whose last sign of life is older than `staleBefore`, or claimed
     * by `instanceId` (an instance restarting), go back to the queue; returns how many.
     */
    async recoverRuns(staleBefore: string, instanceId?: string): Promise<number> {
      const result = await db
        .updateTable('runs')
        .set({ status: 'queued', claimed_by: null, started_at: null, heartbeat_at: null, progress: 0 })
        .where('status', '=', 'running')
        .where((eb) => {
          const stale = eb(eb.fn.coalesce('heartbeat_at', 'started_at', 'created_at'), '<', staleBefore);
          return instanceId === undefined ? stale : eb.or([stale, eb('claimed_by', '=', instanceId)]);
        })
        .executeTakeFirst();
      return affected(result);
    },

    /**
     * The latest succeeded run of the latest version of the tenant's most
     * recently updated proposal with this CRM reference, in one query (cached
     * briefly: CRMs poll it; see READ_CACHE_MS).
     */
    async latestRunForCrmRef(tenantId: string, crmRef: string): Promise<RunRecord | null> {
      return latest.get(`${tenantId}\u0000${crmRef}`, async () => {
        const [row] = await latestRunByCrmRef(db, { tenantId, crmRef });
        return row ? toRun(row) : null;
      });
    },
  };
}
