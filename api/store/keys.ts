import { prepared } from './prepared.js';
/** API keys: shown once in clear text, stored as a SHA-256 hash. */
import type { Kysely } from 'kysely';
import { affected, KEY_PREFIX_LENGTH, newApiKey, newId, nowIso, sha256Hex } from './ids.js';
import { toApiKey, type DB } from './schema.js';
import { SCOPES, type ApiKey, type Scope } from './types.js';

export async function createKey(db: Kysely<DB>, tenantId: string, scopes: Scope[]): Promise<{ key: string; record: ApiKey }> {
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (unknown.length) throw new TypeError(`unknown scope(s): ${unknown.join(', ')}`);
  const key = newApiKey();
  const row = {
    id: newId(),
    tenant_id: tenantId,
    prefix: key.slice(0, KEY_PREFIX_LENGTH),
    hash: sha256Hex(key),
    scopes: SCOPES.filter((s) => scopes.includes(s)).join(','),
    created_at: nowIso(),
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { key, record: toApiKey(row) };
}

/** The only lookup not scoped by tenant: the key itself identifies the tenant. */
/** Every authenticated request looks its key up: compiled once. */
const keyByHash = prepared((db: Kysely<DB>, p: (name: 'hash') => string) =>
  db.selectFrom('api_keys').selectAll().where('hash', '=', p('hash')).where('revoked_at', 'is', null),
);

export async function authenticate(db: Kysely<DB>, key: string): Promise<ApiKey | null> {
  if (typeof key !== 'string' || !key.startsWith('cl_')) return null;
  const [row] = await keyByHash(db, { hash: sha256Hex(key) });
  return row ? toApiKey(row) : null;
}

export async function listKeys(db: Kysely<DB>, tenantId: string): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toApiKey);
}

export async function revokeKey(db: Kysely<DB>, tenantId: string, keyId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: nowIso() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return affected(result) > 0;
}
