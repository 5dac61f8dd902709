/**
 * The initial schema, one definition for SQLite and PostgreSQL through kysely's
 * schema builder. Dialect differences: SQLite tables are STRICT (appended with
 * `modifyEnd`, SQLite ≥ 3.37), the audit id is `integer primary key
 * autoincrement` on SQLite and `serial` on PostgreSQL, and the run seed is
 * `bigint` on PostgreSQL (SQLite integers are 64-bit already; STRICT tables
 * only accept INTEGER).
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../schema.js';

export function initialMigration(dialect: DialectName): Migration {
  const sqlite = dialect === 'sqlite';
  const strict = <T extends string, C extends string>(b: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    sqlite ? b.modifyEnd(sql`strict`) : b;

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .$call(strict)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .$call(strict)
        .execute();
      await db.schema.createIndex('api_keys_tenant_idx').on('api_keys').column('tenant_id').execute();

      await db.schema
        .createTable('proposals')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('crm_ref', 'text')
        .addColumn('customer', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('input_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('is_latest', 'integer', (c) => c.notNull().check(sql`is_latest in (0, 1)`))
        .addPrimaryKeyConstraint('proposals_pk', ['id', 'version'])
        // Referenced by runs so that a run's proposal version is in the run's tenant.
        .addUniqueConstraint('proposals_tenant_version_uq', ['tenant_id', 'id', 'version'])
        .$call(strict)
        .execute();
      await db.schema.createIndex('proposals_one_latest_uq').on('proposals').column('id').unique().where(sql.ref('is_latest'), '=', 1).execute();
      await db.schema.createIndex('proposals_tenant_crm_idx').on('proposals').columns(['tenant_id', 'crm_ref']).execute();
      await db.schema
        .createIndex('proposals_tenant_list_idx')
        .on('proposals')
        .columns(['tenant_id', 'is_latest', 'updated_at', 'id'])
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn('proposal_version', 'integer', (c) => c.notNull())
        .addColumn('trials', 'integer', (c) => c.notNull().check(sql`trials >= 1`))
        .addColumn('seed', sqlite ? 'integer' : 'bigint', (c) => c.notNull())
        .addColumn('sampler', 'text', (c) => c.notNull().check(sql`sampler in ('lhs', 'mc')`))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`),
        )
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress >= 0`))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('heartbeat_at', 'text')
        .addForeignKeyConstraint(
          'runs_proposal_fk',
          ['tenant_id', 'proposal_id', 'proposal_version'],
          'proposals',
          ['tenant_id', 'id', 'version'],
        )
        .$call(strict)
        .execute();
      await db.schema.createIndex('runs_tenant_proposal_idx').on('runs').columns(['tenant_id', 'proposal_id', 'proposal_version']).execute();
      await db.schema.createIndex('runs_status_created_idx').on('runs').columns(['status', 'created_at']).execute();

      await db.schema
        .createTable('reports')
        .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
        .addColumn('body', 'text', (c) => c.notNull())
        .$call(strict)
        .execute();

      await db.schema
        .createTable('audit')
        .$call((b) =>
          sqlite
            ? b.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
            : b.addColumn('id', 'serial', (c) => c.primaryKey()),
        )
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .$call(strict)
        .execute();
      await db.schema.createIndex('audit_tenant_idx').on('audit').columns(['tenant_id', 'id']).execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['audit', 'reports', 'runs', 'proposals', 'api_keys', 'tenants']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
