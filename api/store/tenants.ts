/** Tenants: the owners of every other row. */
import type { Kysely } from 'kysely';
import { newId, nowIso } from './ids.js';
import { toTenant, type DB } from './schema.js';
import type { Tenant } from './types.js';

export async function createTenant(db: Kysely<DB>, name: string): Promise<Tenant> {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('a tenant needs a non-empty name');
  const row = { id: newId(), name, created_at: nowIso() };
  await db.insertInto('tenants').values(row).execute();
  return toTenant(row);
}

export async function findTenantByName(db: Kysely<DB>, name: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toTenant(row) : null;
}
