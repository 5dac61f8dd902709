import type { Proposal, Quantity, Scenario, UncertainQuantity } from '../model/proposal.js';
import { isUncertain } from '../model/proposal.js';
import { walkQuantities } from './variables.js';

/**
 * Common random numbers for alternatives (DESIGN §4.5): the options of a group
 * are variants of one use case, so an input they have in common must draw the
 * same random numbers in every option, or a comparison between them measures
 * sampling noise ("public beats private in 54%" for identical inputs). An
 * input of a later option shares the substream of an earlier option's input
 * when, in this order of preference:
 *  1. `path`: it sits at the same path, on a line of the same kind;
 *  2. `line`: it is the same field of the same line (kind and label, as a
 *     template gives them), wherever that line sits;
 *  3. `distribution`: it has the same distribution (and clamp).
 * Matching is one to one within an option (two inputs of one scenario never
 * share draws) and the first option keeps its own keys, so adding a group
 * leaves that option's results unchanged. Shared assumptions (`ref`) are one
 * draw already and take no part.
 */

/** How an input was matched to the one whose random numbers it shares. */
export type MatchBasis = 'path' | 'line' | 'distribution';

/** An input of an option that draws the random numbers of an earlier option's input. */
export interface CommonInput {
  group: string;
  scenarioId: string;
  path: string;
  /** The earlier option's input it shares with. */
  with: { scenarioId: string; path: string };
  by: MatchBasis;
  /** True when the two distributions are identical: the draws are then the same values. */
  identical: boolean;
}

interface Face {
  scenarioId: string;
  path: string;
  pathKey: string;
  lineKey: string | null;
  distKey: string;
}

interface Slot {
  key: string;
  faces: Face[];
}

interface OptionInput {
  path: string;
  pathKey: string;
  lineKey: string | null;
  distKey: string;
}

/** JSON with sorted keys: two distributions are the same when these strings are. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

const LINE_PATH = /^(benefits|costs)\[(\d+)\]\.(.+)$/;

/** The uncertain inputs of a scenario with the three keys they are matched by. */
function optionInputs(scenario: Scenario): OptionInput[] {
  const lines = { benefits: scenario.benefits, costs: scenario.costs };
  // A line is identified by kind and label only when that pair is unique in the scenario.
  const lineIds = new Map<string, number>();
  for (const section of ['benefits', 'costs'] as const) {
    for (const line of lines[section]) {
      const id = `${section}:${line.kind}:${line.label}`;
      lineIds.set(id, (lineIds.get(id) ?? 0) + 1);
    }
  }
  const inputs: OptionInput[] = [];
  walkQuantities(scenario, (q: Quantity, path: string) => {
    if (!isUncertain(q)) return;
    const m = LINE_PATH.exec(path);
    let pathKey = path;
    let lineKey: string | null = null;
    if (m) {
      const section = m[1] as 'benefits' | 'costs';
      const line = lines[section][Number(m[2])];
      pathKey = `${path}#${line.kind}`;
      const id = `${section}:${line.kind}:${line.label}`;
      if (lineIds.get(id) === 1) lineKey = `${id}.${m[3]}`;
    }
    const u = q as UncertainQuantity;
    inputs.push({ path, pathKey, lineKey, distKey: stableJson({ dist: u.dist, clamp: u.clamp ?? null }) });
  });
  return inputs;
}

/**
 * The substream key of every option input that shares an earlier option's
 * random numbers (scenario id → path → key), and the matches themselves (for
 * the validator's warnings). Unknown ids and options already in a group are
 * skipped: the validator reports them.
 * @example commonRandomNumbers(proposal).keys.get('public-api')?.get('benefits[0].volumePerMonth') // "private-gpu:benefits[0].volumePerMonth"
 */
export function commonRandomNumbers(proposal: Pick<Proposal, 'scenarios' | 'alternatives'>): {
  keys: Map<string, Map<string, string>>;
  matches: CommonInput[];
} {
  const keys = new Map<string, Map<string, string>>();
  const matches: CommonInput[] = [];
  const byId = new Map(proposal.scenarios.map((s) => [s.id, s]));
  const grouped = new Set<string>();
  for (const group of proposal.alternatives ?? []) {
    const slots: Slot[] = [];
    for (const id of group.options) {
      const scenario = byId.get(id);
      if (!scenario || grouped.has(id)) continue;
      grouped.add(id);
      const inputs = optionInputs(scenario);
      const slotOf = new Array<number>(inputs.length).fill(-1);
      const basisOf = new Array<MatchBasis | null>(inputs.length).fill(null);
      const claimed = new Set<number>();
      const passes: [MatchBasis, (f: Face, x: OptionInput) => boolean][] = [
        ['path', (f, x) => f.pathKey === x.pathKey],
        ['line', (f, x) => x.lineKey !== null && f.lineKey === x.lineKey],
        ['distribution', (f, x) => f.distKey === x.distKey],
      ];
      for (const [basis, same] of passes) {
        inputs.forEach((x, i) => {
          if (slotOf[i] >= 0) return;
          const k = slots.findIndex((slot, s) => !claimed.has(s) && slot.faces.some((f) => same(f, x)));
          if (k < 0) return;
          slotOf[i] = k;
          basisOf[i] = basis;
          claimed.add(k);
        });
      }
      const own = new Map<string, string>();
      inputs.forEach((x, i) => {
        const face: Face = { scenarioId: id, ...x };
        if (slotOf[i] < 0) {
          slots.push({ key: `${id}:${x.path}`, faces: [face] });
          return;
        }
        const slot = slots[slotOf[i]];
        const first = slot.faces[0];
        own.set(x.path, slot.key);
        matches.push({
          group: group.id,
          scenarioId: id,
          path: x.path,
          with: { scenarioId: first.scenarioId, path: first.path },
          by: basisOf[i]!,
          identical: slot.faces.some((f) => f.distKey === x.distKey),
        });
        slot.faces.push(face);
      });
      if (own.size > 0) keys.set(id, own);
    }
  }
  return { keys, matches };
}
