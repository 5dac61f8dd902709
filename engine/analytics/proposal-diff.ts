import { UNHASHED_KEYS, canonicalJson } from '../model/canonical-json.js';
import type { Proposal, Quantity } from '../model/proposal.js';
import { isRef, isUncertain } from '../model/proposal.js';
import { walkQuantities } from '../sampling/variables.js';

/**
 * What changed between two versions of a proposal, as data: scenarios added,
 * removed or changed (by id); inputs added, removed or changed (each by its
 * path, scenarios by id: `scenarios[om-review].costs[0].amount`); and every
 * other field that changed. How an input was written (`written`) is not a
 * change; the same distribution written another way is equal.
 */

/** An input of one version, the other, or both. */
export interface InputChange {
  /** `assumptions.NAME`, `scenarios[ID].PATH` or `roadmap.sharedComponents[ID].cost`. */
  path: string;
  /** The scenario it belongs to, or null for a shared assumption or component. */
  scenarioId: string | null;
  /** The path inside its scenario ("benefits[0].fte"), or the path itself outside one. */
  field: string;
  before?: Quantity;
  after?: Quantity;
}

/** Another field that changed, by its path; a value absent from one version is undefined. */
export interface FieldChange {
  path: string;
  scenarioId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface ProposalDiff {
  fromHash: string;
  toHash: string;
  /** True when the two normalise to the same model (the same input hash). */
  same: boolean;
  scenarios: { added: string[]; removed: string[]; changed: string[] };
  inputs: { added: InputChange[]; removed: InputChange[]; changed: InputChange[] };
  fields: FieldChange[];
}

/** Every input of a proposal by its path. */
function inputsOf(p: Proposal): Map<string, InputChange & { value: Quantity }> {
  const out = new Map<string, InputChange & { value: Quantity }>();
  for (const [name, q] of Object.entries(p.assumptions)) out.set(`assumptions.${name}`, { path: `assumptions.${name}`, scenarioId: null, field: `assumptions.${name}`, value: q });
  for (const s of p.scenarios) {
    walkQuantities(s, (q, field) => out.set(`scenarios[${s.id}].${field}`, { path: `scenarios[${s.id}].${field}`, scenarioId: s.id, field, value: q }));
  }
  for (const c of p.roadmap?.sharedComponents ?? []) {
    const path = `roadmap.sharedComponents[${c.id}].cost`;
    out.set(path, { path, scenarioId: null, field: path, value: c.cost });
  }
  return out;
}

const isQuantity = (v: unknown): boolean => typeof v === 'number' || (v !== null && typeof v === 'object' && (isUncertain(v as Quantity) || isRef(v as Quantity)));

/** Every leaf that is not an input, by a path with scenarios, stages and components named by id. */
function fieldsOf(p: Proposal, inputs: ReadonlySet<string>): Map<string, { value: unknown; scenarioId: string | null }> {
  const out = new Map<string, { value: unknown; scenarioId: string | null }>();
  const visit = (node: unknown, path: string, scenarioId: string | null): void => {
    if (inputs.has(path) && isQuantity(node)) return;
    if (Array.isArray(node)) {
      if (!node.length || node.every((x) => typeof x !== 'object' || x === null)) out.set(path, { value: node, scenarioId });
      else node.forEach((x, i) => visit(x, `${path}[${typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' ? (x as { id: string }).id : i}]`, scenarioId));
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) if (!UNHASHED_KEYS.has(k)) visit(v, path ? `${path}.${k}` : k, scenarioId);
    } else out.set(path, { value: node, scenarioId });
  };
  const { inputHash: _h, scenarios, ...rest } = p;
  visit(rest, '', null);
  for (const s of scenarios) visit(s, `scenarios[${s.id}]`, s.id);
  return out;
}

const same = (a: unknown, b: unknown) => canonicalJson(a, UNHASHED_KEYS) === canonicalJson(b, UNHASHED_KEYS);

/**
 * The differences between two normalised proposals (from → to).
 * @example diffProposals(v1, v2).inputs.changed.map((c) => c.path) // ['scenarios[om-review].costs[0].amount']
 */
export function diffProposals(from: Proposal, to: Proposal): ProposalDiff {
  const idsA = from.scenarios.map((s) => s.id);
  const idsB = to.scenarios.map((s) => s.id);
  const a = inputsOf(from);
  const b = inputsOf(to);
  const strip = ({ value: _v, ...c }: InputChange & { value: Quantity }): InputChange => c;
  const inputs: ProposalDiff['inputs'] = { added: [], removed: [], changed: [] };
  for (const [path, x] of a) {
    const y = b.get(path);
    if (!y) inputs.removed.push({ ...strip(x), before: x.value });
    else if (!same(x.value, y.value)) inputs.changed.push({ ...strip(x), before: x.value, after: y.value });
  }
  for (const [path, y] of b) if (!a.has(path)) inputs.added.push({ ...strip(y), after: y.value });
  const fa = fieldsOf(from, new Set(a.keys()));
  const fb = fieldsOf(to, new Set(b.keys()));
  const fields: FieldChange[] = [];
  for (const [path, x] of fa) {
    const y = fb.get(path);
    if (!y || !same(x.value, y.value)) fields.push({ path, scenarioId: x.scenarioId, before: x.value, ...(y ? { after: y.value } : {}) });
  }
  for (const [path, y] of fb) if (!fa.has(path)) fields.push({ path, scenarioId: y.scenarioId, after: y.value });
  // A whole scenario added or removed is listed once, not field by field.
  const whole = new Set([...idsA.filter((id) => !idsB.includes(id)), ...idsB.filter((id) => !idsA.includes(id))]);
  const partOfWhole = (c: { scenarioId: string | null }) => c.scenarioId !== null && whole.has(c.scenarioId);
  inputs.added = inputs.added.filter((c) => !partOfWhole(c));
  inputs.removed = inputs.removed.filter((c) => !partOfWhole(c));
  const kept = fields.filter((c) => !partOfWhole(c));
  fields.length = 0;
  fields.push(...kept);
  const touched = new Set([...inputs.changed, ...inputs.added, ...inputs.removed, ...fields].map((c) => c.scenarioId).filter((id): id is string => id !== null));
  return {
    fromHash: from.inputHash,
    toHash: to.inputHash,
    same: from.inputHash === to.inputHash,
    scenarios: {
      added: idsB.filter((id) => !idsA.includes(id)),
      removed: idsA.filter((id) => !idsB.includes(id)),
      changed: idsA.filter((id) => idsB.includes(id) && touched.has(id)),
    },
    inputs,
    fields,
  };
}
