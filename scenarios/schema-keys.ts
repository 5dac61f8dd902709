import type { z } from 'zod';

/**
 * The keys an object at a path of the input may have, read from the zod
 * schema itself, so "unknown key" can offer the closest key that belongs
 * there (and only there). Discriminated unions are resolved with the input's
 * discriminator value; wrappers (optional, default, pipe, transform) are
 * looked through.
 */

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** The schema after optional/default/prefault/nullable/readonly/catch/pipe/lazy wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType as z.ZodType;
    else if (d.type === 'pipe') s = (defOf(d.out).type === 'transform' ? d.in : d.out) as z.ZodType;
    else if (d.type === 'lazy') s = (d.getter as () => z.ZodType)();
    else return s;
  }
  return s;
}

/** The union member that the input's discriminator picks, or undefined. */
function pickOption(d: Def, input: unknown): z.ZodType | undefined {
  const options = d.options as z.ZodType[];
  const key = d.discriminator as string | undefined;
  if (!key || input === null || typeof input !== 'object') return undefined;
  const value = (input as Record<string, unknown>)[key];
  return options.find((o) => {
    const shape = defOf(unwrap(o)).shape as Record<string, z.ZodType> | undefined;
    const lit = shape?.[key] ? defOf(unwrap(shape[key])) : undefined;
    return lit?.type === 'literal' && (lit.values as unknown[]).includes(value);
  });
}

/**
 * The schema at `path` of the input (undefined when the path leaves the schema).
 * @example schemaAt(proposalSchema, ['scenarios', 0, 'benefits', 0], raw)
 */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[], input: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  let value = input;
  for (const part of [...path, null]) {
    if (!s) return undefined;
    s = unwrap(s);
    let d = defOf(s);
    if (d.type === 'union') {
      s = pickOption(d, value);
      if (!s) return undefined;
      s = unwrap(s);
      d = defOf(s);
    }
    if (part === null) return s;
    const next: unknown = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part as string] : undefined;
    if (d.type === 'object') s = (d.shape as Record<string, z.ZodType>)[String(part)];
    else if (d.type === 'array') s = d.element as z.ZodType;
    else if (d.type === 'record') s = d.valueType as z.ZodType;
    else if (d.type === 'tuple') s = (d.items as z.ZodType[])[Number(part)];
    else return undefined;
    value = next;
  }
  return s;
}

/**
 * The keys the schema allows for the object at `path` of `input`, or [] when unknown.
 * @example knownKeys(proposalSchema, ['scenarios', 0, 'benefits', 0], raw) // ['kind', 'volumePerMonth', …]
 */
export function knownKeys(root: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  const s = schemaAt(root, path, input);
  if (!s) return [];
  const d = defOf(s);
  return d.type === 'object' ? Object.keys(d.shape as object) : [];
}
