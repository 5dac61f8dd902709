/** API keys: shown once in clear text, stored as a SHA-256 hash. */
import type { Kysely } from 'kysely';
import { affected, KEY_PREFIX_LENGTH, newApiKey, newId, nowIso, sha256Hex } from './ids.js';
import { prepared } from './prepared.js';
import type { ReadCache } from './read-cache.js';
import { toApiKey, type DB } from './schema.js';
import { SCOPES, type ApiKey, type Scope } from './types.js';

/** Every authenticated request looks its key up: compiled once. The only lookup not scoped by tenant: the key identifies it. */
const keyByHash = prepared((db: Kysely<DB>, p: (name: 'hash') => string) =>
  db.selectFrom('api_keys').selectAll().where('hash', '=', p('hash')).where('revoked_at', 'is', null),
);

/** The API-key methods of the Store over one database; `cache` holds recent key lookups by hash. */
export function keyStore(db: Kysely<DB>, cache: ReadCache<ApiKey | null>) {
  return {
    /** Creates a key and returns it once in clear text (only its hash is stored). */
    async createKey(tenantId: string, scopes: Scope[]): Promise<{ key: string; record: ApiKey }> {
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
      cache.clear();
      return { key, record: toApiKey(row) };
    },

    /** The key's record when the clear-text key is valid and not revoked (cached briefly: see READ_CACHE_MS). */
    async authenticate(key: string): Promise<ApiKey | null> {
      if (typeof key !== 'string' || !key.startsWith('cl_')) return null;
      const hash = sha256Hex(key);
      return cache.get(hash, async () => {
        const [row] = await keyByHash(db, { hash });
        return row ? toApiKey(row) : null;
      });
    },

    /** The tenant's keys (revoked ones included), oldest first. */
    async listKeys(tenantId: string): Promise<ApiKey[]> {
      const rows = await db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toApiKey);
    },

    /** Revokes a key of the tenant; false when absent or already revoked. */
    async revokeKey(tenantId: string, keyId: string): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: nowIso() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      cache.clear();
      return affected(result) > 0;
    },
  };
}
