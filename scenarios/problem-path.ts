/**
 * Where a problem is, said the way the author can find it: scenarios by their
 * id (`scenarios[om-review].costs[0].amount`, not `scenarios[5]…`), and, for a
 * file, the line and column (scenarios/source-map.ts).
 */

export type PathPart = string | number;

/** Finds the line and column of a path in the source text; undefined when it is not there. */
export type Locator = (path: readonly PathPart[]) => { line: number; column: number } | undefined;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * A JSON path with each scenario named by its id when it has a usable, unique one.
 * @example displayPath(['scenarios', 5, 'costs', 0, 'amount'], raw) // "scenarios[om-review].costs[0].amount"
 */
export function displayPath(path: readonly PathPart[], raw: unknown): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    if (typeof part === 'number') {
      const id = path[i - 1] === 'scenarios' && i === 1 ? scenarioIdAt(raw, part) : null;
      out += id ? `[${id}]` : `[${part}]`;
    } else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** The id of scenarios[i] when it is a valid id that no other scenario has. */
function scenarioIdAt(raw: unknown, i: number): string | null {
  const scenarios = raw !== null && typeof raw === 'object' ? (raw as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios)) return null;
  const idOf = (s: unknown) => (s !== null && typeof s === 'object' ? (s as { id?: unknown }).id : undefined);
  const id = idOf(scenarios[i]);
  if (typeof id !== 'string' || !ID.test(id)) return null;
  return scenarios.filter((s) => idOf(s) === id).length === 1 ? id : null;
}

/**
 * A JSON path with indices (`scenarios[2].benefits[0].fte`, `assumptions["a.b"]`) as its parts.
 * @example parsePath('scenarios[2].costs[0].amount') // ['scenarios', 2, 'costs', 0, 'amount']
 */
export function parsePath(path: string): PathPart[] | null {
  const parts: PathPart[] = [];
  const re = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || (m[1] !== undefined && i > 0 && path[i] !== '.')) return null;
    parts.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string));
    i = re.lastIndex;
  }
  return parts;
}

/**
 * Parts back to a JSON path with indices, the inverse of parsePath.
 * @example indexPath(['assumptions', 'a.b']) // 'assumptions["a.b"]'
 */
export function indexPath(parts: readonly PathPart[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += /^[A-Za-z_$][\w$-]*$/.test(part) ? (out ? `.${part}` : part) : `[${JSON.stringify(part)}]`;
  }
  return out;
}
