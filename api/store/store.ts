/**
 * The Store: every method the HTTP routes and the run executor use, over one
 * kysely instance (SQLite or PostgreSQL). Each method is written once, in the
 * module of its resource; this file only composes them, and the Store's type
 * is derived from the composition (no interface to keep in step).
 */
import type { Kysely } from 'kysely';
import { actualsStore } from './actuals.js';
import { auditStore } from './audit.js';
import { keyStore } from './keys.js';
import type { MigrationStatus } from './migrations.js';
import { proposalStore } from './proposals.js';
import { ReadCache } from './read-cache.js';
import { runStore } from './runs.js';
import type { DB, DialectName } from './schema.js';
import { shareStore } from './shares.js';
import { tenantStore } from './tenants.js';
import type { ApiKey, RunRecord } from './types.js';

/**
 * How long a key lookup or the latest run of a CRM reference is trusted, in ms:
 * the CRM's polls cost a map lookup, and with several instances on one database
 * a key revoked elsewhere (or by `closedloop keys revoke`) stops working, and new
 * scores appear, within a second. This instance's own writes clear them at once.
 */
export const READ_CACHE_MS = 1000;
/** Entries each read cache keeps (keys, CRM references): a few thousand active integrations. */
const READ_CACHE_ENTRIES = 10_000;

/**
 * The Store over one database. `db` is exposed for tests and maintenance
 * scripts; application code goes through the tenant-scoped methods.
 * @example const store = sqlStore(db, 'sqlite'); await store.getRun(tenantId, runId)
 */
export function sqlStore(db: Kysely<DB>, dialect: DialectName, migrations: readonly MigrationStatus[] = []) {
  let closed = false;
  const keys = new ReadCache<ApiKey | null>(READ_CACHE_MS, READ_CACHE_ENTRIES);
  const latestRuns = new ReadCache<RunRecord | null>(READ_CACHE_MS, READ_CACHE_ENTRIES);
  return {
    db,
    dialect,
    /** The migrations applied when this store was opened. */
    migrations,
    /** Closes the database (idempotent). */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
    ...tenantStore(db),
    ...keyStore(db, keys),
    ...proposalStore(db, latestRuns),
    ...runStore(db, dialect, latestRuns),
    ...shareStore(db),
    ...auditStore(db),
    ...actualsStore(db),
  };
}

/** The storage the API runs on: tenant-scoped records of types.ts (one tenant never sees another's rows). */
export type Store = ReturnType<typeof sqlStore>;

/**
 * The run with this id, whichever tenant owns it (the CLI's `share` command
 * finds the run's tenant this way).
 * @example const run = await findRunById(await openStore({ sqliteFile }), runId)
 */
export function findRunById(store: Store, id: string): Promise<RunRecord | null> {
  return store.getRunById(id);
}
