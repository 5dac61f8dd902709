/**
 * JSON with object keys sorted, so equal values print equal whatever their key
 * order; `omit` drops keys at any depth. The input hash and proposal diffs use it.
 * @example canonicalJson({ b: 1, a: [2] }) // '{"a":[2],"b":1}'
 */
export function canonicalJson(value: unknown, omit: ReadonlySet<string> = new Set()): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, omit)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([k, v]) => v !== undefined && !omit.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, omit)}`).join(',')}}`;
}

/** Keys of the normalised proposal that are presentation only: how an input was written, and which inputs were left to defaults, do not change the model. */
export const UNHASHED_KEYS: ReadonlySet<string> = new Set(['written', 'defaulted']);
