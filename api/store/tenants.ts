/** Tenants: the owners of every other row. */
import type { Kysely } from 'kysely';
import { newId, nowIso } from './ids.js';
import { toTenant, type DB } from './schema.js';
import type { Tenant } from './types.js';

/** The tenant methods of the Store over one database. */
export function tenantStore(db: Kysely<DB>) {
  return {
    /** Creates a tenant (names are unique). */
    async createTenant(name: string): Promise<Tenant> {
      if (typeof name !== 'string' || name.trim() === '') throw new TypeError('a tenant needs a non-empty name');
      const row = { id: newId(), name, created_at: nowIso() };
      await db.insertInto('tenants').values(row).execute();
      return toTenant(row);
    },

    /** The tenant with this name, or null. */
    async findTenantByName(name: string): Promise<Tenant | null> {
      const row = await db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? toTenant(row) : null;
    },
  };
}
