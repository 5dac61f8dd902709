import { ClosedloopError } from '../errors.js';
import { type Candidates, candidates } from './phase-patterns.js';
import { type PlannedPhase, type SearchProblem, type SearchResult, planValue, relativeGap } from './search-problem.js';

/** What the MILP reads of a HiGHS solution (the shape highs-js returns). */
export interface LpSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal?: number }>;
}

/** Solves a model in CPLEX LP format (synchronously), e.g. engine/planner/highs.ts solveLp. */
export type LpSolver = (lp: string, options?: Record<string, string | number | boolean>) => LpSolution;

/** Deterministic limits of the MILP: branch-and-bound nodes per solve, and programme-cap cut rounds. */
export interface MilpLimits {
  nodes: number;
  cutRounds: number;
}

export const MILP_LIMITS: MilpLimits = { nodes: 20_000, cutRounds: 40 };

/** One phase pattern placed at a start month: a candidate set, the components it pays first, its start. */
interface Column {
  name: string;
  set: number;
  pays: number[];
  start: number;
  value: number;
}

/** A linear row Σ coef·x (sense) rhs over column names. */
interface Row {
  terms: [string, number][];
  sense: '<=' | '>=' | '=';
  rhs: number;
}

/**
 * The planning problem as a MILP over phase patterns placed in time: a binary
 * y[P, t] per candidate set S, subset C of its components it pays first (its
 * spend inside the band, screened on the planning trials) and reachable start t.
 *   max Σ (Σ_{i∈S} npv_i(t) − Σ_{c∈C} pv_c(t)) · y[P, t]
 *   phases chain: Σ_P y[P, t0] ≤ 1; Σ_P y[P, t] ≤ Σ_{P, t'+len(P)=t} y[P, t'] (t > t0);
 *   X[i, t] = X[i, t⁻] + Σ_{P∋i} y[P, t] (item i started by t; t⁻ the previous start), X ≤ 1: each item once;
 *   requires r before i: X[i, t] ≤ X[r, t⁻] where i can start;
 *   Q[c, t] = Q[c, t⁻] + Σ_{P: c∈C} y[P, t] ≤ 1 (component c paid once), and a phase using it
 *   without paying it comes later: Σ_{P: c∈S∖C} y[P, t] ≤ Q[c, t⁻];
 *   alternatives: X[i, last] ≤ z[g, o(i)], Σ_o z[g, o] ≤ 1;
 *   the programme cap (monotone, a black box): no-good cuts Σ_{i∈F} X[i, last] ≤ |F| − 1 on minimal failing sets F.
 * The running sums keep every row short (a dense "Σ over earlier starts" row per month slows HiGHS down a hundredfold).
 */
class Formulation {
  readonly columns: Column[] = [];
  readonly rows: Row[] = [];
  readonly binaries: string[] = [];
  readonly continuous: string[] = [];
  readonly scale: number;
  /** Name of X[i, last start]: 1 when item i is in the plan. */
  private readonly used = new Map<number, string>();

  constructor(
    readonly p: SearchProblem,
    readonly cand: Candidates,
  ) {
    const byStart = new Map<number, Column[]>();
    const endingAt = new Map<number, Column[]>();
    const startSet = new Set(cand.starts);
    cand.sets.forEach((s, k) => {
      s.payable.forEach((pays, j) => {
        for (const t of cand.starts) {
          if (t < s.earliest) continue;
          let value = 0;
          for (const i of s.items) value += p.expectedNpv[i][t];
          for (const c of pays) value -= p.componentPv(c, t);
          const col = { name: `y${k}_${j}_${t}`, set: k, pays, start: t, value };
          this.columns.push(col);
          if (!byStart.has(t)) byStart.set(t, []);
          byStart.get(t)!.push(col);
          if (startSet.has(t + s.length)) {
            if (!endingAt.has(t + s.length)) endingAt.set(t + s.length, []);
            endingAt.get(t + s.length)!.push(col);
          }
        }
      });
    });
    this.scale = Math.max(1, ...this.columns.map((c) => Math.abs(c.value)));
    for (const c of this.columns) this.binaries.push(c.name);
    const term = (name: string, coef = 1): [string, number] => [name, coef];
    // Phases chain from the first start.
    for (const t of cand.starts) {
      const here = byStart.get(t) ?? [];
      if (here.length === 0) continue;
      const terms = here.map((c) => term(c.name));
      if (t === cand.start) this.rows.push({ terms, sense: '<=', rhs: 1 });
      else this.rows.push({ terms: [...terms, ...(endingAt.get(t) ?? []).map((c) => term(c.name, -1))], sense: '<=', rhs: 0 });
    }
    /** Running sums S[t] = S[t⁻] + Σ cols at t over the starts from the first one with a column; returns name at t (or null before). */
    const running = (prefix: string, cols: Column[]): ((t: number) => string | null) => {
      const at = new Map<number, Column[]>();
      for (const c of cols) {
        if (!at.has(c.start)) at.set(c.start, []);
        at.get(c.start)!.push(c);
      }
      const first = Math.min(...cols.map((c) => c.start));
      const names = new Map<number, string>();
      let prev: string | null = null;
      for (const t of cand.starts) {
        if (t < first) continue;
        const here = at.get(t) ?? [];
        if (here.length === 0 && prev !== null) {
          names.set(t, prev);
          continue;
        }
        const name = `${prefix}_${t}`;
        this.continuous.push(name);
        this.rows.push({ terms: [term(name), ...(prev ? [term(prev, -1)] : []), ...here.map((c) => term(c.name, -1))], sense: '=', rhs: 0 });
        names.set(t, name);
        prev = name;
      }
      return (t: number) => {
        let name: string | null = null;
        for (const s of cand.starts) {
          if (s > t) break;
          name = names.get(s) ?? name;
        }
        return name;
      };
    };
    const previous = new Map<number, number>();
    cand.starts.forEach((t, k) => previous.set(t, k > 0 ? cand.starts[k - 1] : -1));
    const last = cand.starts[cand.starts.length - 1];
    // Items: started-by sums, each item once, prerequisites earlier.
    const itemCols = new Map<number, Column[]>();
    for (const c of this.columns) for (const i of cand.sets[c.set].items) {
      if (!itemCols.has(i)) itemCols.set(i, []);
      itemCols.get(i)!.push(c);
    }
    const startedBy = new Map<number, (t: number) => string | null>();
    for (const [i, cols] of [...itemCols].sort((a, b) => a[0] - b[0])) {
      startedBy.set(i, running(`x${i}`, cols));
      this.used.set(i, startedBy.get(i)!(last)!);
    }
    for (const [i, cols] of [...itemCols].sort((a, b) => a[0] - b[0])) {
      const starts = [...new Set(cols.map((c) => c.start))].sort((a, b) => a - b);
      for (const r of cand.needs[i]) {
        for (const t of starts) {
          const before = previous.get(t)! >= 0 ? (startedBy.get(r)?.(previous.get(t)!) ?? null) : null;
          this.rows.push({ terms: [term(startedBy.get(i)!(t)!), ...(before ? [term(before, -1)] : [])], sense: '<=', rhs: 0 });
        }
      }
    }
    // Shared components: paid once, and no later than the first phase that uses them.
    const components = [...new Set(cand.sets.flatMap((s) => s.components))].sort((a, b) => a - b);
    for (const c of components) {
      const payers = this.columns.filter((col) => col.pays.includes(c));
      const paidBy = payers.length ? running(`q${c}`, payers) : () => null;
      for (const t of cand.starts) {
        const users = (byStart.get(t) ?? []).filter((col) => cand.sets[col.set].components.includes(c) && !col.pays.includes(c));
        if (users.length === 0) continue;
        const before = previous.get(t)! >= 0 ? paidBy(previous.get(t)!) : null;
        this.rows.push({ terms: [...users.map((col) => term(col.name)), ...(before ? [term(before, -1)] : [])], sense: '<=', rhs: 0 });
      }
    }
    // Alternatives: one option per group.
    const groups = new Map<number, Set<number>>();
    for (const i of cand.schedulable) {
      const o = p.exclusiveOption[i];
      const used = this.used.get(i);
      if (!o || cand.conflicts[i].length === 0 || !used) continue;
      if (!groups.has(o.group)) groups.set(o.group, new Set());
      groups.get(o.group)!.add(o.option);
      this.rows.push({ terms: [term(used), term(`z${o.group}_${o.option}`, -1)], sense: '<=', rhs: 0 });
    }
    for (const [g, options] of [...groups].sort((a, b) => a[0] - b[0])) {
      const zs = [...options].sort((a, b) => a - b).map((o) => `z${g}_${o}`);
      this.binaries.push(...zs);
      this.rows.push({ terms: zs.map((z) => term(z)), sense: '<=', rhs: 1 });
    }
  }

  /** A no-good cut: not all of `items` in one plan. */
  cut(items: readonly number[]): void {
    const terms: [string, number][] = items.flatMap((i) => (this.used.has(i) ? [[this.used.get(i)!, 1] as [string, number]] : []));
    this.rows.push({ terms, sense: '<=', rhs: items.length - 1 });
  }

  /** The model in CPLEX LP format; `relaxed` drops integrality (the LP relaxation, an upper bound). */
  lp(relaxed: boolean): string {
    const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17));
    const sum = (terms: [string, number][]) => terms.map(([n, a], k) => `${a < 0 ? '-' : k ? '+' : ''} ${Math.abs(a) === 1 ? '' : `${num(Math.abs(a))} `}${n}`).join(' ');
    const out: string[] = ['Maximize', ` obj: ${sum(this.columns.map((c) => [c.name, c.value / this.scale]))}`, 'Subject To'];
    this.rows.forEach((r, k) => out.push(` r${k}: ${sum(r.terms)} ${r.sense} ${num(r.rhs)}`));
    out.push('Bounds');
    for (const b of this.binaries) out.push(` 0 <= ${b} <= 1`);
    for (const b of this.continuous) out.push(` 0 <= ${b} <= 1`);
    if (!relaxed && this.binaries.length) out.push('Binary', ` ${this.binaries.join(' ')}`);
    out.push('End');
    return out.join('\n');
  }

  /** The plan a solution selects, phases in start order. */
  plan(sol: LpSolution): PlannedPhase[] {
    return this.columns
      .filter((c) => (sol.Columns[c.name]?.Primal ?? 0) > 0.5)
      .sort((a, b) => a.start - b.start)
      .map((c) => ({ items: [...this.cand.sets[c.set].items], start: c.start, length: this.cand.sets[c.set].length }));
  }
}

const SOLVER_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9, threads: 1, random_seed: 0 };

/** A smallest-by-deletion subset of `items` that still fails the programme cap (with the prefix). */
function minimalFailing(p: SearchProblem, items: readonly number[]): number[] {
  const prefix = p.prefix?.items ?? [];
  let failing = [...items];
  for (const i of items) {
    const without = failing.filter((j) => j !== i);
    if (!p.programmeOk([...prefix, ...without].sort((a, b) => a - b))) failing = without;
  }
  return failing;
}

/** The longest leading run of phases whose items pass the programme cap (dropping later phases keeps every other rule). */
function feasiblePrefix(p: SearchProblem, phases: PlannedPhase[]): PlannedPhase[] {
  const prefix = p.prefix?.items ?? [];
  for (let k = phases.length; k > 0; k--) {
    const head = phases.slice(0, k);
    if (p.programmeOk([...prefix, ...head.flatMap((ph) => ph.items)].sort((a, b) => a - b))) return head;
  }
  return [];
}

/**
 * Exact search with the MILP above, solved by HiGHS. A solution whose items
 * break the programme cap adds a cut and the model is solved again (each solve's
 * optimum bounds the true one, since cuts remove only infeasible plans). When
 * the node limit stops a solve, the plan is the best feasible one found and the
 * bound the smallest of the LP relaxation and every earlier round's optimum.
 */
export function searchMilp(p: SearchProblem, solve: LpSolver, limits: MilpLimits = MILP_LIMITS): SearchResult {
  const cand = candidates(p);
  /** `bound` Optimal: HiGHS proved the plan optimal (to its tolerance, 1e-9 of the largest column value), so the bound is the plan's own value. */
  const result = (phases: PlannedPhase[], bound: number | 'optimal'): SearchResult => {
    const objective = planValue(p, phases);
    const upperBound = bound === 'optimal' ? objective : Math.max(objective, bound);
    const gap = relativeGap(objective, upperBound);
    return { phases, objective, upperBound: gap === 0 ? objective : upperBound, gap, method: 'milp', proven: gap === 0 };
  };
  if (cand.sets.length === 0 || cand.starts.length === 0) return result([], 0);
  const model = new Formulation(p, cand);
  let best: PlannedPhase[] = [];
  let bestValue = 0;
  let bound = Infinity;
  const keep = (phases: PlannedPhase[]) => {
    const v = planValue(p, phases);
    if (v > bestValue) {
      best = phases;
      bestValue = v;
    }
  };
  for (let round = 0; round < limits.cutRounds; round++) {
    const sol = solve(model.lp(false), { ...SOLVER_OPTIONS, mip_max_nodes: limits.nodes });
    const optimal = sol.Status === 'Optimal';
    if (!optimal && !/limit/i.test(sol.Status)) throw new ClosedloopError('INTERNAL', [{ path: 'roadmap', message: `HiGHS status ${sol.Status}` }]);
    if (optimal) bound = Math.min(bound, Math.max(0, sol.ObjectiveValue * model.scale));
    const phases = model.plan(sol);
    const items = phases.flatMap((ph) => ph.items).sort((a, b) => a - b);
    const prefix = p.prefix?.items ?? [];
    if (items.length && !p.programmeOk([...prefix, ...items].sort((a, b) => a - b))) {
      keep(feasiblePrefix(p, phases));
      model.cut(minimalFailing(p, items));
      continue;
    }
    keep(phases);
    if (optimal) return result(best, 'optimal');
    break;
  }
  const relaxation = solve(model.lp(true), SOLVER_OPTIONS);
  if (relaxation.Status === 'Optimal') bound = Math.min(bound, Math.max(0, relaxation.ObjectiveValue * model.scale));
  return result(best, bound);
}
