import type { CheckedPhase } from './checker.js';
import { type PlanningInstance, minimumHits } from './instances.js';

/**
 * An independent MILP of the roadmap planning problem, written from the rules of
 * the planner contract (time-indexed, not the planner's formulation):
 *
 *   x_i_t   item i starts in the phase starting at month t
 *   y_t_L   a phase of L months starts at t        (a_t = Σ_L y_t_L)
 *   w_c_t   component c is paid at t (its first use)
 *   u_g_o   option o of exclusive group g is taken
 *   z_t_r   row r of the phase starting at t lies within the phase band
 *   q_r     row r of the programme lies under the cap
 *
 * Phases form one chain from the first start: at most one phase starts at each
 * month, and a phase starts at t > first only if one ends at t. A phase of L >
 * phaseMin months holds an item of duration exactly L, and no phase holds an item
 * longer than itself. The chance constraints carry one binary per (phase start,
 * row) with big-M on the band edges and Σ_r z_t_r >= h·a_t, h the least hit count
 * with h/R >= confidence.
 */

type Highs = { solve(lp: string, options?: Record<string, string | number | boolean>): HighsOutcome };
interface HighsOutcome {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal?: number }>;
}

let highsPromise: Promise<Highs> | undefined;
async function loadHighs(): Promise<Highs> {
  highsPromise ??= import('highs').then(async (m) => (await (m.default as unknown as () => Promise<Highs>)()));
  return highsPromise;
}

export interface OracleResult {
  /** HiGHS's model status ('Optimal' when the optimum is proven). */
  status: string;
  /** HiGHS's objective value (0 for the trivially empty model). */
  objective: number;
  phases: CheckedPhase[];
  /** Columns and rows of the MILP (0 when no item can be scheduled). */
  columns: number;
  rows: number;
}

/** Collects the MILP as CPLEX LP text. */
class LpWriter {
  private readonly constraints: string[] = [];
  readonly binaries: string[] = [];
  private count = 0;

  binary(name: string): string {
    this.binaries.push(name);
    return name;
  }

  /** Σ terms (sense) rhs; terms with a zero coefficient are dropped, an empty left side is checked here. */
  row(terms: Iterable<[string, number]>, sense: '<=' | '>=' | '=', rhs: number): void {
    const merged = new Map<string, number>();
    for (const [v, a] of terms) merged.set(v, (merged.get(v) ?? 0) + a);
    const parts: string[] = [];
    for (const [v, a] of merged) if (a !== 0) parts.push(`${a < 0 ? '-' : '+'} ${Math.abs(a)} ${v}`);
    if (parts.length === 0) {
      if ((sense !== '>=' && 0 > rhs) || (sense !== '<=' && 0 < rhs)) throw new Error(`oracle: an empty row 0 ${sense} ${rhs} cannot hold`);
      return;
    }
    this.constraints.push(` r${this.count++}: ${chunk(parts)} ${sense} ${rhs}`);
  }

  text(objective: Iterable<[string, number]>): string {
    const parts: string[] = [];
    for (const [v, a] of objective) if (a !== 0) parts.push(`${a < 0 ? '-' : '+'} ${Math.abs(a)} ${v}`);
    if (parts.length === 0) parts.push(`+ 0 ${this.binaries[0]}`);
    return ['Maximize', ` obj: ${chunk(parts)}`, 'Subject To', ...this.constraints, 'Binaries', chunk(this.binaries), 'End', ''].join('\n');
  }

  get rowCount(): number {
    return this.count;
  }
}

/** Long rows broken over lines (the LP format reads whitespace alike). */
function chunk(parts: string[]): string {
  const lines: string[] = [];
  for (let k = 0; k < parts.length; k += 8) lines.push(parts.slice(k, k + 8).join(' '));
  return lines.join('\n   ');
}

/** Items the rules allow at all: not delivered, not forbidden, short enough, not of an option the prefix excludes. */
function schedulableItems(inst: PlanningInstance): number[] {
  const prefix = new Set(inst.prefix?.items ?? []);
  const prefixOption = new Map<number, number>();
  for (const i of prefix) {
    const o = inst.exclusiveOption[i];
    if (o !== null) prefixOption.set(o.group, o.option);
  }
  return Array.from({ length: inst.n }, (_, i) => i).filter((i) => {
    if (prefix.has(i) || inst.requires[i] === null || inst.duration[i] > inst.phaseMonths.max) return false;
    const o = inst.exclusiveOption[i];
    return o === null || !prefixOption.has(o.group) || prefixOption.get(o.group) === o.option;
  });
}

/**
 * Months at which a phase may start: the first start plus a sum of fewer than
 * `items` phase lengths (each the floor or an item's duration), before the horizon.
 */
function possibleStarts(first: number, horizon: number, items: number, lengths: readonly number[]): number[] {
  let frontier = new Set([first]);
  const all = new Set(frontier);
  for (let k = 1; k < items; k++) {
    const next = new Set<number>();
    for (const t of frontier) for (const L of lengths) if (t + L < horizon && !all.has(t + L)) next.add(t + L);
    for (const t of next) all.add(t);
    frontier = next;
  }
  return [...all].filter((t) => t < horizon).sort((a, b) => a - b);
}

export interface OracleOptions {
  /** HiGHS's mip_max_nodes: a deterministic limit for the large instances. */
  maxNodes?: number;
}

/** Solves the instance's MILP to optimality with HiGHS (or to the node limit) and decodes the plan. */
export async function solveOracle(inst: PlanningInstance, options: OracleOptions = {}): Promise<OracleResult> {
  const first = inst.prefix?.nextStart ?? 0;
  const items = schedulableItems(inst);
  const { min, max } = inst.phaseMonths;
  const durations = new Set(items.map((i) => inst.duration[i]));
  const lengths = Array.from({ length: max - min + 1 }, (_, k) => min + k).filter((L) => L === min || durations.has(L));
  const starts = possibleStarts(first, inst.horizon, items.length, lengths);
  if (items.length === 0 || starts.length === 0) return { status: 'Optimal', objective: 0, phases: [], columns: 0, rows: 0 };

  const lp = new LpWriter();
  const startSet = new Set(starts);
  const schedulable = new Set(items);
  const x = (i: number, t: number) => `x_${i}_${t}`;
  const y = (t: number, L: number) => `y_${t}_${L}`;
  const w = (c: number, t: number) => `w_${c}_${t}`;
  for (const t of starts) {
    for (const i of items) lp.binary(x(i, t));
    for (const L of lengths) lp.binary(y(t, L));
  }
  const phaseAt = (t: number): [string, number][] => (startSet.has(t) ? lengths.map((L) => [y(t, L), 1]) : []);

  // b_i_t = Σ_{s <= t} x_i_s (continuous): "item i has started by t", which keeps the precedence rows sparse
  const b = (i: number, t: number) => `b_${i}_${t}`;
  const before = new Map<number, number | undefined>(starts.map((t, k) => [t, k > 0 ? starts[k - 1] : undefined]));
  const last = starts[starts.length - 1];
  for (const i of items) {
    for (const t of starts) {
      const p = before.get(t);
      lp.row([[b(i, t), 1], [x(i, t), -1], ...(p === undefined ? [] : [[b(i, p), -1] as [string, number]])], '=', 0);
    }
  }

  // one chain of phases from the first start
  for (const t of starts) {
    lp.row(phaseAt(t), '<=', 1);
    if (t > first) {
      const ending: [string, number][] = lengths.filter((L) => startSet.has(t - L)).map((L) => [y(t - L, L), -1]);
      lp.row([...phaseAt(t), ...ending], '<=', 0);
    }
  }
  // 1..capacity items per phase; an item only in a phase at least as long as it; a phase longer than the
  // floor as long as one of its items
  for (const t of starts) {
    const inPhase: [string, number][] = items.map((i) => [x(i, t), 1]);
    lp.row([...inPhase, ...phaseAt(t).map(([v]): [string, number] => [v, -inst.capacity])], '<=', 0);
    lp.row([...phaseAt(t), ...inPhase.map(([v]): [string, number] => [v, -1])], '<=', 0);
    for (const i of items) {
      const longEnough = lengths.filter((L) => L >= inst.duration[i]);
      lp.row([[x(i, t), 1], ...longEnough.map((L): [string, number] => [y(t, L), -1])], '<=', 0);
    }
    for (const L of lengths) {
      if (L === min) continue;
      lp.row([[y(t, L), 1], ...items.filter((i) => inst.duration[i] === L).map((i): [string, number] => [x(i, t), -1])], '<=', 0);
    }
  }
  // each item at most once
  for (const i of items) lp.row([[b(i, last), 1]], '<=', 1);
  // requires: i started by t only if each required item started strictly before t (or was delivered)
  const prefix = new Set(inst.prefix?.items ?? []);
  for (const i of items) {
    for (const j of inst.requires[i]!) {
      if (prefix.has(j)) continue;
      if (!schedulable.has(j)) {
        lp.row([[b(i, last), 1]], '<=', 0);
        continue;
      }
      for (const t of starts) {
        const p = before.get(t);
        lp.row([[b(i, t), 1], ...(p === undefined ? [] : [[b(j, p), -1] as [string, number]])], '<=', 0);
      }
    }
  }
  // components: paid once, at the first start holding an item that uses them (those of delivered items are paid);
  // W_c_t = Σ_{s <= t} w_c_s
  const paid = new Set([...prefix].flatMap((i) => inst.componentsOf[i]));
  const components = Array.from({ length: inst.componentPv.length }, (_, c) => c).filter((c) => !paid.has(c) && items.some((i) => inst.componentsOf[i].includes(c)));
  const W = (c: number, t: number) => `W_${c}_${t}`;
  for (const c of components) {
    const users = items.filter((i) => inst.componentsOf[i].includes(c));
    for (const t of starts) lp.binary(w(c, t));
    for (const t of starts) {
      const p = before.get(t);
      lp.row([[W(c, t), 1], [w(c, t), -1], ...(p === undefined ? [] : [[W(c, p), -1] as [string, number]])], '=', 0);
      lp.row([[w(c, t), 1], ...users.map((i): [string, number] => [x(i, t), -1])], '<=', 0);
      for (const i of users) lp.row([[x(i, t), 1], [W(c, t), -1]], '<=', 0);
    }
    lp.row([[W(c, last), 1]], '<=', 1);
  }
  // exclusive options
  const groups = new Map<number, Map<number, number[]>>();
  for (const i of items) {
    const o = inst.exclusiveOption[i];
    if (o === null) continue;
    const g = groups.get(o.group) ?? new Map<number, number[]>();
    g.set(o.option, [...(g.get(o.option) ?? []), i]);
    groups.set(o.group, g);
  }
  for (const [g, options] of groups) {
    if (options.size < 2) continue;
    const taken: [string, number][] = [];
    for (const [o, members] of options) {
      const u = lp.binary(`u_${g}_${o}`);
      taken.push([u, 1]);
      for (const i of members) lp.row([[b(i, last), 1], [u, -1]], '<=', 0);
    }
    lp.row(taken, '<=', 1);
  }
  // phase spend: hits within [lo, hi] >= h · a_t
  const h = minimumHits(inst.rows, inst.confidence);
  const { min: lo, max: hi } = inst.phaseBudget;
  for (const t of starts) {
    const hits: [string, number][] = [];
    for (let r = 0; r < inst.rows; r++) {
      const z = lp.binary(`z_${t}_${r}`);
      hits.push([z, 1]);
      const spend: [string, number][] = [
        ...items.map((i): [string, number] => [x(i, t), inst.itemSpend[i][r]]),
        ...components.map((c): [string, number] => [w(c, t), inst.componentSpend[c][r]]),
      ];
      const top = items.map((i) => inst.itemSpend[i][r]).sort((a, b) => b - a).slice(0, inst.capacity);
      const most = top.reduce((a, b) => a + b, 0) + components.reduce((a, c) => a + inst.componentSpend[c][r], 0);
      if (most > hi) lp.row([...spend, [z, most - hi]], '<=', most); // z = 1 -> spend <= hi
      if (lo > 0) lp.row([...spend, [z, -lo]], '>=', 0); // z = 1 -> spend >= lo
    }
    lp.row([...hits, ...phaseAt(t).map(([v]): [string, number] => [v, -h])], '>=', 0);
  }
  // programme: hits under the cap >= h, delivered items and their components included
  if (inst.programmeBudget !== null) {
    const cap = inst.programmeBudget;
    const prefixComps = [...paid];
    const hits: [string, number][] = [];
    for (let r = 0; r < inst.rows; r++) {
      const q = lp.binary(`q_${r}`);
      hits.push([q, 1]);
      const base = [...prefix].reduce((s, i) => s + inst.itemSpend[i][r], 0) + prefixComps.reduce((s, c) => s + inst.componentSpend[c][r], 0);
      const spend: [string, number][] = [
        ...items.map((i): [string, number] => [b(i, last), inst.itemSpend[i][r]]),
        ...components.map((c): [string, number] => [W(c, last), inst.componentSpend[c][r]]),
      ];
      const most = base + items.reduce((s, i) => s + inst.itemSpend[i][r], 0) + components.reduce((s, c) => s + inst.componentSpend[c][r], 0);
      if (most > cap) lp.row([...spend, [q, most - cap]], '<=', most - base); // q = 1 -> total <= cap
    }
    lp.row(hits, '>=', h);
  }

  const objective: [string, number][] = [];
  for (const t of starts) {
    for (const i of items) objective.push([x(i, t), inst.expectedNpv[i][t]]);
    for (const c of components) objective.push([w(c, t), -inst.componentPv[c][t]]);
  }
  const highs = await loadHighs();
  const solved = highs.solve(lp.text(objective), {
    output_flag: false,
    mip_rel_gap: 0,
    mip_abs_gap: 1e-9,
    random_seed: 0,
    // the primal heuristics cost more than they save on these models (measured: about half the solve time)
    mip_heuristic_run_feasibility_jump: false,
    mip_heuristic_run_root_reduced_cost: false,
    mip_heuristic_run_zi_round: false,
    mip_heuristic_run_shifting: false,
    mip_heuristic_run_rins: false,
    mip_heuristic_run_rens: false,
    ...(options.maxNodes !== undefined ? { mip_max_nodes: options.maxNodes } : {}),
  });
  const on = (name: string) => (solved.Columns[name]?.Primal ?? 0) > 0.5;
  const phases: CheckedPhase[] = [];
  if (solved.Status === 'Optimal' || solved.Columns[x(items[0], starts[0])]?.Primal !== undefined) {
    for (const t of starts) {
      const L = lengths.find((l) => on(y(t, l)));
      if (L === undefined) continue;
      phases.push({ items: items.filter((i) => on(x(i, t))), start: t, length: L });
    }
  }
  return { status: solved.Status, objective: solved.Status === 'Optimal' ? solved.ObjectiveValue : NaN, phases, columns: lp.binaries.length, rows: lp.rowCount };
}
