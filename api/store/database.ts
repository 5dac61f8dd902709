/**
 * Opens the Store: SQLite (better-sqlite3, the embedded default) or PostgreSQL
 * (pg Pool, for several API instances), then brings the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type MigrationStatus } from './migrations.js';
import type { DB, DialectName } from './schema.js';
import { type Store, sqlStore } from './store.js';

export interface OpenStoreOptions {
  /** SQLite database file (':memory:' for tests); used when no databaseUrl is given. */
  sqliteFile?: string;
  /** PostgreSQL connection string, e.g. postgres://user@host:5432/db. */
  databaseUrl?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Called with the status of each migration applied while opening. */
  onMigration?: (status: MigrationStatus) => void;
  /** Errors of idle PostgreSQL pool clients (a server restart, say); ignored when absent. */
  onPoolError?: (error: Error) => void;
}

/** Oldest SQLite the schema and queries need: STRICT tables (3.37), RETURNING (3.35). */
const MIN_SQLITE = [3, 37, 0];

function olderThan(version: string, min: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0;
    if (a !== min[i]) return a < min[i];
  }
  return false;
}

/**
 * Applies the connection settings the store relies on and reads back the ones
 * that can silently fail (foreign_keys is a no-op inside a transaction).
 */
export function configureSqlite(db: Database.Database, options: { file: boolean }): void {
  const version = db.prepare('select sqlite_version()').pluck().get() as string;
  if (olderThan(version, MIN_SQLITE)) throw new Error(`SQLite ${version} is too old: the store needs ${MIN_SQLITE.join('.')} or newer`);
  if (options.file) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new Error('SQLite did not enable foreign keys (PRAGMA foreign_keys reads back 0): refusing to open the store without them');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('SQLite did not accept PRAGMA synchronous = FULL');
}

function isMemory(file: string): boolean {
  return file === ':memory:' || file === '';
}

function openKysely(options: OpenStoreOptions): { db: Kysely<DB>; dialect: DialectName } {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', (error) => options.onPoolError?.(error));
    return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  const file = options.sqliteFile;
  if (file === undefined) throw new TypeError('openStore needs a sqliteFile or a databaseUrl');
  if (!isMemory(file)) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  try {
    configureSqlite(sqlite, { file: !isMemory(file) });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  cacheStatements(sqlite);
  return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}

/** Prepared statements kept per SQL text: preparing costs more than running a small query. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `prepare` reuse statements for the same SQL (kysely prepares every query
 * it runs). Safe because kysely runs each statement to completion (all/run),
 * never leaving one mid-iteration.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    }
    return stmt;
  }) as typeof sqlite.prepare;
}

/**
 * Opens the database, applies pending migrations (throws MigrationError when one fails) and returns the Store.
 * @example const store = await openStore({ sqliteFile: ':memory:' })
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { db, dialect } = openKysely(options);
  let applied: MigrationStatus[];
  try {
    applied = await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  for (const status of applied) options.onMigration?.(status);
  return sqlStore(db, dialect, applied);
}
