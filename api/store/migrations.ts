/**
 * Schema migrations: a kysely Migrator over an in-code provider (no file-system
 * scanning, so the compiled dist/ and tsx runs behave the same).
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { initialMigration } from './migrations/001-initial.js';
import { sharesMigration } from './migrations/002-shares.js';
import { actualsMigration } from './migrations/003-actuals.js';
import type { DialectName } from './schema.js';

/** Every migration, by name (applied in name order). */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '001-initial': initialMigration(dialect),
    '002-shares': sharesMigration(dialect),
    '003-actuals': actualsMigration(dialect),
  };
}

export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

/** The outcome of one migration during `migrateToLatest`. */
export interface MigrationStatus {
  name: string;
  status: MigrationResult['status'];
}

export class MigrationError extends Error {
  constructor(
    readonly results: MigrationStatus[],
    cause: unknown,
  ) {
    const detail = results.length ? results.map((r) => `${r.name}: ${r.status}`).join(', ') : 'no migration ran';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`database migration failed (${detail}): ${reason}`, { cause });
    this.name = 'MigrationError';
  }
}

/**
 * Brings the schema to the latest migration. Returns the status of every
 * migration that was due (empty when already up to date); throws
 * MigrationError, listing each migration's status, when one failed.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<MigrationStatus[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const statuses = (results ?? []).map((r) => ({ name: r.migrationName, status: r.status }));
  if (error !== undefined || statuses.some((s) => s.status === 'Error')) {
    throw new MigrationError(statuses, error ?? new Error('a migration reported an error'));
  }
  return statuses;
}
