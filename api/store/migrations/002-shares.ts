/**
 * Share links: read-only links to one succeeded run's page, each identified by
 * the SHA-256 of its token (the clear-text token is shown once). A share
 * belongs to a tenant and goes with its run (on delete cascade). Same dialect
 * handling as the initial migration (STRICT tables on SQLite).
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../schema.js';

export function sharesMigration(dialect: DialectName): Migration {
  const strict = <T extends string, C extends string>(b: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    dialect === 'sqlite' ? b.modifyEnd(sql`strict`) : b;

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('shares')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .$call(strict)
        .execute();
      // Listing a run's links (always by tenant and run); the cascade from runs uses it too.
      await db.schema.createIndex('shares_run_idx').on('shares').columns(['run_id', 'tenant_id']).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('shares').execute();
    },
  };
}
