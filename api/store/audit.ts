/** The audit trail: who did what to which resource, per tenant. */
import type { Kysely } from 'kysely';
import { nowIso } from './ids.js';
import { toAudit, type DB } from './schema.js';
import type { AuditEntry } from './types.js';

/** The audit methods of the Store over one database. */
export function auditStore(db: Kysely<DB>) {
  return {
    /** Appends an entry, stamped with the current time. */
    async audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
      await db
        .insertInto('audit')
        .values({
          tenant_id: entry.tenantId,
          actor: entry.actor,
          action: entry.action,
          resource: entry.resource,
          resource_id: entry.resourceId,
          at: nowIso(),
        })
        .execute();
    },

    /** The tenant's entries in the order they were written (oldest first). */
    async listAudit(tenantId: string): Promise<AuditEntry[]> {
      const rows = await db.selectFrom('audit').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
      return rows.map(toAudit);
    },
  };
}
