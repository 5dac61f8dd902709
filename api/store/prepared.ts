import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * A query built and compiled once per database, then run with new parameter
 * values: for the few queries on the hot path (key lookup, latest run of a CRM
 * reference), where building a kysely query costs more than running it.
 * Parameters are passed as sentinel strings at build time and swapped for the
 * real values at each call, so the compiled SQL (and, on SQLite, its prepared
 * statement) is reused.
 * @example const byHash = prepared((db, p) => db.selectFrom('api_keys').selectAll().where('hash', '=', p('hash')))
 */
export function prepared<DB, Row, Name extends string>(
  build: (db: Kysely<DB>, param: (name: Name) => string) => Compilable<Row>,
): (db: Kysely<DB>, values: Record<Name, unknown>) => Promise<Row[]> {
  const compiled = new WeakMap<Kysely<DB>, { query: CompiledQuery<Row>; slots: (Name | null)[] }>();
  const sentinel = (name: string) => `\u0000param:${name}`;
  return async (db, values) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, (name) => sentinel(name)).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith('\u0000param:') ? (p.slice(7) as Name) : null));
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((p, k) => (slots[k] === null ? p : values[slots[k]!]));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
