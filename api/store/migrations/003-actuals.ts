/**
 * Actuals (what a pilot measured) per proposal, every version kept, and the
 * tracking runs that use them: `actuals` rows are (proposal, version) with the
 * file as stored and the proposal version it was checked against (deleted with
 * the proposal: on delete cascade); a run records the actuals version and
 * as-of month it tracks (null for a plain analysis); a tracking run's report
 * keeps its `tracking` block as its own JSON text beside the Report, so the
 * tracking and the CRM's scores are served without reading the whole Report.
 * Same dialect handling as the initial migration (STRICT tables on SQLite).
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../schema.js';

export function actualsMigration(dialect: DialectName): Migration {
  const strict = <T extends string, C extends string>(b: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    dialect === 'sqlite' ? b.modifyEnd(sql`strict`) : b;

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('actuals')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('proposal_version', 'integer', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv', 'json')`))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull().check(sql`rows >= 1`))
        // The as-of month the rows were checked against: the one given, else the latest month of a row.
        .addColumn('as_of_month', 'integer', (c) => c.notNull().check(sql`as_of_month >= 0`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        // One row per version: a concurrent upload of the same version fails here and is answered 412.
        .addPrimaryKeyConstraint('actuals_pk', ['tenant_id', 'proposal_id', 'version'])
        .addForeignKeyConstraint(
          'actuals_proposal_fk',
          ['tenant_id', 'proposal_id', 'proposal_version'],
          'proposals',
          ['tenant_id', 'id', 'version'],
          (fk) => fk.onDelete('cascade'),
        )
        .$call(strict)
        .execute();

      await db.schema.alterTable('runs').addColumn('actuals_version', 'integer').execute();
      await db.schema.alterTable('runs').addColumn('as_of_month', 'integer').execute();
      await db.schema.alterTable('reports').addColumn('tracking', 'text').execute();
    },

    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('reports').dropColumn('tracking').execute();
      await db.schema.alterTable('runs').dropColumn('as_of_month').execute();
      await db.schema.alterTable('runs').dropColumn('actuals_version').execute();
      await db.schema.dropTable('actuals').execute();
    },
  };
}
