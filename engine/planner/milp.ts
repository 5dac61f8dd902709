import { ClosedloopError } from '../errors.js';
import { type Candidates, candidates } from './phase-patterns.js';
import { type PlannedPhase, type SearchProblem, type SearchResult, planValue, relativeGap } from './search-problem.js';

/** What the MILP reads of a HiGHS solution (the shape highs-js returns; row duals come with LP solutions). */
export interface LpSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal?: number }>;
  Rows: { Name: string; Primal?: number; Dual?: number }[];
}

/** Solves a model in CPLEX LP format (synchronously), e.g. engine/planner/highs.ts solveLp. */
export type LpSolver = (lp: string, options?: Record<string, string | number | boolean>) => LpSolution;

/** Deterministic limits: branch-and-bound nodes per MILP solve, programme-cap cut rounds, pricing rounds, columns priced in per round, columns of the exact MILP. */
export interface MilpLimits {
  nodes: number;
  cutRounds: number;
  pricingRounds: number;
  columnsPerRound: number;
  exactColumns: number;
}

export const MILP_LIMITS: MilpLimits = { nodes: 2_000, cutRounds: 30, pricingRounds: 60, columnsPerRound: 300, exactColumns: 6_000 };

/** One phase pattern placed at a start month: a candidate set, the components it pays first, its start. */
interface Column {
  set: number;
  pays: number[];
  start: number;
  value: number;
}

/** A variable of the model: the pattern columns y first, then running sums and option choices; all in [0, 1]. */
interface Variable {
  name: string;
  /** Objective coefficient (scaled). */
  obj: number;
  binary: boolean;
}

interface Row {
  terms: [number, number][];
  sense: '<=' | '=';
  rhs: number;
}

const TOLERANCE = 1e-9;

/**
 * The planning problem as a MILP over phase patterns placed in time: a binary
 * y[P, t] per candidate set S, subset C of its components it pays first (its
 * spend inside the band, screened on the planning trials) and reachable start t.
 *   max Σ (Σ_{i∈S} npv_i(t) − Σ_{c∈C} pv_c(t)) · y[P, t]
 *   phases chain: Σ_P y[P, t0] ≤ 1; Σ_P y[P, t] ≤ Σ_{P, t'+len(P)=t} y[P, t'] (t > t0);
 *   X[i, t] = X[i, t⁻] + Σ_{P∋i} y[P, t] (item i started by t; t⁻ the previous start), X ≤ 1: each item once;
 *   requires r before i: X[i, t] ≤ X[r, t⁻];
 *   Q[c, t] = Q[c, t⁻] + Σ_{P: c∈C} y[P, t] ≤ 1 (component c paid once), and a phase using it
 *   without paying it comes later: Σ_{P: c∈S∖C} y[P, t] ≤ Q[c, t⁻];
 *   alternatives: X[i, last] ≤ z[g, o(i)], Σ_o z[g, o] ≤ 1;
 *   the programme cap (monotone, a black box): no-good cuts Σ_{i∈F} X[i, last] ≤ |F| − 1 on minimal failing sets F.
 * The running sums keep every row short (dense "Σ over earlier starts" rows slow HiGHS down a hundredfold).
 * Only `active` pattern columns are written to HiGHS: the others are priced (column generation).
 */
class Formulation {
  readonly columns: Column[] = [];
  readonly vars: Variable[] = [];
  readonly rows: Row[] = [];
  readonly scale: number;
  readonly active: Uint8Array;
  /** Variable X[i, last start]: 1 when item i is in the plan. */
  private readonly used = new Map<number, number>();

  constructor(
    readonly p: SearchProblem,
    readonly cand: Candidates,
  ) {
    const byStart = new Map<number, number[]>();
    const endingAt = new Map<number, number[]>();
    const startSet = new Set(cand.starts);
    const push = <K>(m: Map<K, number[]>, k: K, v: number) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    cand.sets.forEach((s, k) => {
      s.payable.forEach((pays) => {
        for (const t of cand.starts) {
          if (t < s.earliest) continue;
          let value = 0;
          for (const i of s.items) value += p.expectedNpv[i][t];
          for (const c of pays) value -= p.componentPv(c, t);
          const j = this.columns.length;
          this.columns.push({ set: k, pays, start: t, value });
          push(byStart, t, j);
          if (startSet.has(t + s.length)) push(endingAt, t + s.length, j);
        }
      });
    });
    let scale = 1;
    for (const c of this.columns) scale = Math.max(scale, Math.abs(c.value));
    this.scale = scale;
    this.columns.forEach((c, j) => this.vars.push({ name: `y${j}`, obj: c.value / scale, binary: true }));
    const aux = (name: string, binary = false) => {
      this.vars.push({ name, obj: 0, binary });
      return this.vars.length - 1;
    };
    // Phases chain from the first start.
    for (const t of cand.starts) {
      const here = byStart.get(t) ?? [];
      if (here.length === 0) continue;
      const terms = here.map((j): [number, number] => [j, 1]);
      if (t === cand.start) this.rows.push({ terms, sense: '<=', rhs: 1 });
      else this.rows.push({ terms: [...terms, ...(endingAt.get(t) ?? []).map((j): [number, number] => [j, -1])], sense: '<=', rhs: 0 });
    }
    const previous = new Map<number, number>();
    cand.starts.forEach((t, k) => previous.set(t, k > 0 ? cand.starts[k - 1] : -1));
    /** Running sums R[t] = R[t⁻] + Σ cols at t over every start from the first column's; returns the variable at t (or -1 before). */
    const running = (prefix: string, cols: number[]): ((t: number) => number) => {
      const at = new Map<number, number[]>();
      let first = Infinity;
      for (const j of cols) {
        push(at, this.columns[j].start, j);
        first = Math.min(first, this.columns[j].start);
      }
      const byT = new Map<number, number>();
      let prev = -1;
      for (const t of cand.starts) {
        if (t < first) continue;
        const v = aux(`${prefix}_${t}`);
        this.rows.push({ terms: [[v, 1], ...(prev >= 0 ? [[prev, -1] as [number, number]] : []), ...(at.get(t) ?? []).map((j): [number, number] => [j, -1])], sense: '=', rhs: 0 });
        byT.set(t, v);
        prev = v;
      }
      return (t: number) => byT.get(t) ?? -1;
    };
    const last = cand.starts[cand.starts.length - 1];
    // Items: started-by sums (each item once), prerequisites earlier.
    const itemCols = new Map<number, number[]>();
    this.columns.forEach((c, j) => {
      for (const i of cand.sets[c.set].items) push(itemCols, i, j);
    });
    const items = [...itemCols.keys()].sort((a, b) => a - b);
    const startedBy = new Map<number, (t: number) => number>();
    for (const i of items) {
      startedBy.set(i, running(`x${i}`, itemCols.get(i)!));
      this.used.set(i, startedBy.get(i)!(last));
    }
    for (const i of items) {
      const starts = [...new Set(itemCols.get(i)!.map((j) => this.columns[j].start))].sort((a, b) => a - b);
      for (const r of cand.needs[i]) {
        for (const t of starts) {
          const before = previous.get(t)! >= 0 ? (startedBy.get(r)?.(previous.get(t)!) ?? -1) : -1;
          this.rows.push({ terms: [[startedBy.get(i)!(t), 1], ...(before >= 0 ? [[before, -1] as [number, number]] : [])], sense: '<=', rhs: 0 });
        }
      }
    }
    // Shared components: paid once, and no later than the first phase that uses them.
    const components = [...new Set(cand.sets.flatMap((s) => s.components))].sort((a, b) => a - b);
    for (const c of components) {
      const payers: number[] = [];
      this.columns.forEach((col, j) => col.pays.includes(c) && payers.push(j));
      const paidBy = payers.length ? running(`q${c}`, payers) : () => -1;
      for (const t of cand.starts) {
        const users = (byStart.get(t) ?? []).filter((j) => cand.sets[this.columns[j].set].components.includes(c) && !this.columns[j].pays.includes(c));
        if (users.length === 0) continue;
        const before = previous.get(t)! >= 0 ? paidBy(previous.get(t)!) : -1;
        this.rows.push({ terms: [...users.map((j): [number, number] => [j, 1]), ...(before >= 0 ? [[before, -1] as [number, number]] : [])], sense: '<=', rhs: 0 });
      }
    }
    // Alternatives: one option per group.
    const choice = new Map<string, number>();
    const groups = new Map<number, number[]>();
    for (const i of items) {
      const o = p.exclusiveOption[i];
      if (!o || cand.conflicts[i].length === 0) continue;
      const key = `z${o.group}_${o.option}`;
      if (!choice.has(key)) {
        choice.set(key, aux(key, true));
        push(groups, o.group, choice.get(key)!);
      }
      this.rows.push({ terms: [[this.used.get(i)!, 1], [choice.get(key)!, -1]], sense: '<=', rhs: 0 });
    }
    for (const g of [...groups.keys()].sort((a, b) => a - b)) this.rows.push({ terms: groups.get(g)!.map((v): [number, number] => [v, 1]), sense: '<=', rhs: 1 });
    this.active = new Uint8Array(this.vars.length).fill(1);
    this.active.fill(0, 0, this.columns.length);
  }

  /** A no-good cut: not all of `items` in one plan. */
  cut(items: readonly number[]): void {
    const terms = items.filter((i) => this.used.has(i)).map((i): [number, number] => [this.used.get(i)!, 1]);
    this.rows.push({ terms, sense: '<=', rhs: items.length - 1 });
  }

  /** The model over the active variables in CPLEX LP format; `relaxed` drops integrality. Rows left empty are skipped. */
  lp(relaxed: boolean): string {
    const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17));
    const sum = (terms: [number, number][]) => terms.map(([v, a], k) => `${a < 0 ? '-' : k ? '+' : ''} ${Math.abs(a) === 1 ? '' : `${num(Math.abs(a))} `}${this.vars[v].name}`).join(' ');
    const objective = this.vars.map((v, k): [number, number] => [k, v.obj]).filter(([k, a]) => this.active[k] && a !== 0);
    const out: string[] = ['Maximize', ` obj: ${objective.length ? sum(objective) : '0 x_none'}`, 'Subject To'];
    this.rows.forEach((r, k) => {
      const terms = r.terms.filter(([v]) => this.active[v]);
      if (terms.length) out.push(` r${k}: ${sum(terms)} ${r.sense} ${num(r.rhs)}`);
    });
    out.push('Bounds');
    const binaries: string[] = [];
    this.vars.forEach((v, k) => {
      if (!this.active[k]) return;
      out.push(` 0 <= ${v.name} <= 1`);
      if (v.binary) binaries.push(v.name);
    });
    if (!objective.length) out.push(' 0 <= x_none <= 0');
    if (!relaxed && binaries.length) out.push('Binary', ` ${binaries.join(' ')}`);
    out.push('End');
    return out.join('\n');
  }

  /** Row duals of an LP solution, projected onto the dual cone (≤ rows ≥ 0): any such vector prices a valid bound. */
  duals(sol: LpSolution): Float64Array {
    const pi = new Float64Array(this.rows.length);
    for (const r of sol.Rows) {
      const k = Number(r.Name.slice(1));
      const d = r.Dual ?? 0;
      pi[k] = this.rows[k].sense === '<=' ? Math.max(0, d) : d;
    }
    return pi;
  }

  /** Reduced costs of every variable under duals pi (scaled), summed row by row in one pass over the model. */
  reducedCosts(pi: Float64Array): Float64Array {
    const rc = Float64Array.from(this.vars, (v) => v.obj);
    this.rows.forEach((r, k) => {
      const d = pi[k] ?? 0;
      if (d !== 0) for (const [v, a] of r.terms) rc[v] -= a * d;
    });
    return rc;
  }

  /** Lagrangian bound Σ rhs·π + Σ_v max(0, rc_v) (every variable in [0, 1]), in money: ≥ the LP optimum, so ≥ every plan. */
  bound(pi: Float64Array, rc: Float64Array = this.reducedCosts(pi)): number {
    let b = 0;
    this.rows.forEach((r, k) => (b += r.rhs * (pi[k] ?? 0)));
    for (let v = 0; v < rc.length; v++) b += Math.max(0, rc[v]);
    return b * this.scale;
  }

  /** The plan a solution selects, phases in start order. */
  plan(sol: LpSolution): PlannedPhase[] {
    const chosen: Column[] = [];
    this.columns.forEach((c, j) => {
      if (this.active[j] && (sol.Columns[this.vars[j].name]?.Primal ?? 0) > 0.5) chosen.push(c);
    });
    return chosen
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
 * Solves the MILP over the active columns, adding programme-cap cuts until its
 * plan passes the cap. Returns the best feasible plan seen and whether the last
 * solve was optimal with a plan that passes (then it is optimal for these columns).
 */
function solveActive(p: SearchProblem, model: Formulation, solve: LpSolver, limits: MilpLimits): { phases: PlannedPhase[]; optimal: boolean } {
  let best: PlannedPhase[] = [];
  let bestValue = 0;
  const keep = (phases: PlannedPhase[]) => {
    const v = planValue(p, phases);
    if (v > bestValue) {
      best = phases;
      bestValue = v;
    }
  };
  const prefix = p.prefix?.items ?? [];
  for (let round = 0; round < limits.cutRounds; round++) {
    const sol = solve(model.lp(false), { ...SOLVER_OPTIONS, mip_max_nodes: limits.nodes });
    const optimal = sol.Status === 'Optimal';
    if (!optimal && !/limit/i.test(sol.Status)) throw new ClosedloopError('INTERNAL', [{ path: 'roadmap', message: `HiGHS status ${sol.Status}` }]);
    const phases = model.plan(sol);
    const items = phases.flatMap((ph) => ph.items).sort((a, b) => a - b);
    if (items.length && !p.programmeOk([...prefix, ...items].sort((a, b) => a - b))) {
      keep(feasiblePrefix(p, phases));
      model.cut(minimalFailing(p, items));
      continue;
    }
    keep(phases);
    return { phases: best, optimal };
  }
  return { phases: best, optimal: false };
}

/**
 * Exact search with the MILP above, solved by HiGHS, in three steps:
 * 1. the LP relaxation by column generation (the restricted model over the
 *    active columns, the others priced with its duals until none would raise
 *    it), which gives a true upper bound (the Lagrangian bound of the last duals);
 * 2. a plan: the MILP over the generated columns;
 * 3. reduced-cost fixing: a column whose reduced cost puts every plan using it
 *    below that plan cannot improve it, so the MILP over the remaining columns
 *    (when there are at most `exactColumns`) proves the optimum.
 * A plan whose items break the programme cap adds a cut and the MILP is solved
 * again (cuts remove only infeasible plans). When a limit stops it, the result
 * is the best plan found with the bound of step 1.
 */
export function searchMilp(p: SearchProblem, solve: LpSolver, limits: MilpLimits = MILP_LIMITS, cand: Candidates = candidates(p)): SearchResult {
  const result = (phases: PlannedPhase[], bound: number | 'optimal'): SearchResult => {
    const objective = planValue(p, phases);
    const upperBound = bound === 'optimal' ? objective : Math.max(objective, bound);
    const gap = relativeGap(objective, upperBound);
    return { phases, objective, upperBound: gap === 0 ? objective : upperBound, gap, method: 'milp', proven: gap === 0 };
  };
  if (cand.sets.length === 0 || cand.starts.length === 0) return result([], 'optimal');
  const model = new Formulation(p, cand);
  const n = model.columns.length;
  // Seed columns: the most valuable few at each start.
  const byStart = new Map<number, number[]>();
  model.columns.forEach((c, j) => {
    const list = byStart.get(c.start);
    if (list) list.push(j);
    else byStart.set(c.start, [j]);
  });
  for (const list of byStart.values()) for (const j of [...list].sort((a, b) => model.columns[b].value - model.columns[a].value || a - b).slice(0, 8)) model.active[j] = 1;
  let bound = Infinity;
  let pi: Float64Array = new Float64Array(model.rows.length);
  for (let round = 0; round < limits.pricingRounds; round++) {
    const sol = solve(model.lp(true), SOLVER_OPTIONS);
    if (sol.Status !== 'Optimal') throw new ClosedloopError('INTERNAL', [{ path: 'roadmap', message: `HiGHS LP status ${sol.Status}` }]);
    pi = model.duals(sol);
    const rc = model.reducedCosts(pi);
    bound = Math.min(bound, model.bound(pi, rc));
    const entering: [number, number][] = [];
    for (let j = 0; j < n; j++) if (!model.active[j] && rc[j] > TOLERANCE) entering.push([j, rc[j]]);
    if (entering.length === 0) break;
    entering.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [j] of entering.slice(0, limits.columnsPerRound)) model.active[j] = 1;
  }
  const first = solveActive(p, model, solve, limits);
  const incumbent = planValue(p, first.phases);
  if (relativeGap(incumbent, bound) <= TOLERANCE) return result(first.phases, 'optimal');
  // Reduced-cost fixing against the incumbent, with the last duals (0 on the cuts added since: still a valid price).
  const padded = new Float64Array(model.rows.length);
  padded.set(pi);
  pi = padded;
  const rc = model.reducedCosts(pi);
  const lagrangian = model.bound(pi, rc);
  const margin = TOLERANCE * Math.max(1, Math.abs(incumbent));
  const open = (j: number) => model.active[j] === 1 || lagrangian + Math.min(0, rc[j]) * model.scale >= incumbent - margin;
  let kept = 0;
  for (let j = 0; j < n; j++) if (open(j)) kept++;
  if (kept > limits.exactColumns) return result(first.phases, bound);
  for (let j = 0; j < n; j++) if (open(j)) model.active[j] = 1;
  const exact = solveActive(p, model, solve, limits);
  const phases = planValue(p, exact.phases) > incumbent ? exact.phases : first.phases;
  return result(phases, exact.optimal ? 'optimal' : bound);
}
