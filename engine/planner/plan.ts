import { PAYBACK_PROBABILITY_MONTHS } from '../constants.js';
import { ClosedloopError, type Problem } from '../errors.js';
import { cumulativeFan, nanShare, sharesAtMost, summarize } from '../metrics/summaries.js';
import { quantileSorted } from '../metrics/statistics.js';
import type { Proposal } from '../model/proposal.js';
import type { Roadmap } from '../report.js';
import { type Message, type Param, componentRef, itemRef, message, money, months, probability, scenarioRef } from '../messages.js';
import { meanMonthlyFlows } from '../metrics/monthly.js';
import { type SimulateOptions, blockSizeFor, runSettings } from '../model/simulate.js';
import type { VariableSet } from '../sampling/variables.js';
import { type ItemData, type PlanningData, planningData } from './item-data.js';
import { type PlanItem, planItems } from './items.js';
import { type ComponentPayment, type PortfolioTrials, type ScheduledItem, simulatePortfolio } from './portfolio.js';
import { type PlannedPhase, type SearchProblem, type SearchResult, newComponents, phaseLength, search } from './search.js';

/**
 * The contract's fields of SearchProblem (alternatives, a delivered prefix)
 * declared here as well, so the planner fills them whichever search.ts it is
 * built with; an intersection, so it stays right once search.ts declares them.
 */
export type PlannerProblem = SearchProblem & {
  /** Per item, its group of alternatives and option within it (null when it is in none). */
  exclusiveOption: ({ group: number; option: number } | null)[];
  /** Phases already delivered (re-planning after a pilot). */
  prefix?: { items: readonly number[]; nextStart: number };
};

/** A search result in the contract's terms: which method, and whether it proved the plan optimal. */
export type PlannerResult = Omit<SearchResult, 'method'> & { method: 'dynamic-programme' | 'milp' | 'heuristic'; proven: boolean };

/** search() as the Report reads it (its method names and proof, which search() now reports itself). */
function searchPlan(p: SearchProblem, seed: number): PlannerResult {
  return search(p, seed);
}

/** The search problem over the plan items, with chance constraints checked on the plan trials. */
export function searchProblem(proposal: Proposal, data: PlanningData): PlannerProblem {
  const rules = proposal.roadmap!;
  const confidence = proposal.policy.confidence;
  const items = data.items;
  const index = new Map(items.map((d, i) => [d.item.key, i]));
  const components = rules.sharedComponents;
  const componentIndex = new Map(components.map((c, k) => [c.id, k]));
  const rows = data.planTrials;
  const componentRows = components.map((c) => data.componentCosts.get(c.id)!);
  const spendCache = new Map<string, boolean>();
  const programmeCache = new Map<string, boolean>();
  const componentsOf = items.map((d) => d.item.components.map((id) => componentIndex.get(id)!));
  // Each item's option among its scenario's alternatives: every stage of an option is that option.
  const exclusiveOption = items.map((d) => {
    const group = (proposal.alternatives ?? []).findIndex((g) => g.options.includes(d.item.scenarioId));
    return group < 0 ? null : { group, option: proposal.alternatives![group].options.indexOf(d.item.scenarioId) };
  });
  /** Whether items of two options of one group are both among `itemIdx`. */
  const mixesOptions = (itemIdx: readonly number[]) => {
    const chosen = new Map<number, number>();
    for (const i of itemIdx) {
      const o = exclusiveOption[i];
      if (o === null) continue;
      if ((chosen.get(o.group) ?? o.option) !== o.option) return true;
      chosen.set(o.group, o.option);
    }
    return false;
  };
  const sums = new Float64Array(rows);
  /** Share of plan trials whose summed spend over items and components lies in [lo, hi] (summed column by column). */
  const shareWithin = (itemIdx: readonly number[], comps: readonly number[], lo: number, hi: number) => {
    sums.fill(0);
    for (const i of itemIdx) {
      const col = items[i].investment;
      for (let r = 0; r < rows; r++) sums[r] += col[r];
    }
    for (const c of comps) {
      const col = componentRows[c];
      for (let r = 0; r < rows; r++) sums[r] += col[r];
    }
    let hits = 0;
    for (let r = 0; r < rows; r++) if (sums[r] >= lo && sums[r] <= hi) hits++;
    return hits / rows;
  };
  return {
    n: items.length,
    horizon: proposal.horizonMonths,
    expectedNpv: items.map((d) => d.expectedNpv),
    duration: items.map((d) => d.duration),
    requires: items.map((d) => {
      const req = d.item.requires.map((key) => index.get(key));
      return req.some((r) => r === undefined) ? null : (req as number[]);
    }),
    componentsOf,
    componentPv: (c, t) => data.componentMeans.get(components[c].id)! * data.discount[Math.min(t, proposal.horizonMonths)],
    phaseMonths: rules.phaseMonths,
    capacity: rules.capacity,
    exclusiveOption,
    phaseSpendOk(itemIdx, comps, maxOnly) {
      const key = `${itemIdx.join(',')}|${comps.join(',')}|${maxOnly ? 1 : 0}`;
      let ok = spendCache.get(key);
      if (ok === undefined) {
        ok = shareWithin(itemIdx, comps, maxOnly ? -Infinity : rules.phaseBudget.min, rules.phaseBudget.max) >= confidence;
        spendCache.set(key, ok);
      }
      return ok;
    },
    programmeOk(itemIdx) {
      // Two options of one group never share a plan (rule 8): also held here, a monotone rule like the cap,
      // so that any search honouring programmeOk honours it.
      if (mixesOptions(itemIdx)) return false;
      if (rules.programmeBudget === undefined) return true;
      const sorted = [...itemIdx].sort((a, b) => a - b);
      const key = sorted.join(',');
      let ok = programmeCache.get(key);
      if (ok === undefined) {
        const comps = [...new Set(sorted.flatMap((i) => componentsOf[i]))];
        ok = shareWithin(sorted, comps, -Infinity, rules.programmeBudget) >= confidence;
        programmeCache.set(key, ok);
      }
      return ok;
    },
  };
}

/**
 * Items that can never fit a phase on their own — spend above the phase budget's
 * ceiling, or more implementation months than a phase allows, with the given
 * confidence — are input errors: split them into stages or leave them out.
 */
function checkFeasible(proposal: Proposal, p: SearchProblem, data: PlanningData): void {
  const rules = proposal.roadmap!;
  const amount = (x: number) => `${Math.round(x)} ${proposal.currency}`;
  const problems: Problem[] = [];
  data.items.forEach((d, i) => {
    const it = d.item;
    const stageIndex = proposal.scenarios[it.scenarioIndex].stages?.findIndex((s) => s.id === it.stageId) ?? -1;
    const where = it.stageId === null ? `scenarios[${it.scenarioIndex}]` : `scenarios[${it.scenarioIndex}].stages[${stageIndex}]`;
    if (!p.phaseSpendOk([i], [], true)) {
      const median = quantileSorted(Float64Array.from(d.investment).sort(), 0.5);
      problems.push({
        path: where,
        message: `${it.key}: its one-off spend (median ${amount(median)}) exceeds the phase budget ceiling of ${amount(rules.phaseBudget.max)} in more than ${Math.round((1 - proposal.policy.confidence) * 100)}% of trials, so no phase can hold it: ${it.stageId === null ? 'split it into stages (add "stages") or leave it out (roadmap.exclude)' : 'split it into smaller stages'}`,
      });
    }
    if (phaseLength(p, [i]) === Infinity) {
      problems.push({
        path: where,
        message: `${it.key}: it needs ${d.duration} implementation months (at ${Math.round(proposal.policy.confidence * 100)}% confidence), more than a ${rules.phaseMonths.max}-month phase: ${it.stageId === null ? 'split it into stages (add "stages") or leave it out (roadmap.exclude)' : 'split it into smaller stages'}`,
      });
    }
  });
  if (problems.length) throw new ClosedloopError('INFEASIBLE_ROADMAP', problems);
}

/** Why an item stayed out of the plan, as a code and typed parameters. */
function unscheduledReason(p: PlannerProblem, i: number, d: ItemData, data: PlanningData, scheduled: ReadonlySet<number>): Message {
  if (p.requires[i] === null) {
    const known = new Set(data.items.map((x) => x.item.key));
    return message('requires-excluded', { items: itemRef(d.item.requires.filter((k) => !known.has(k))) });
  }
  const option = p.exclusiveOption[i];
  if (option !== null) {
    const chosen = [...scheduled].find((j) => p.exclusiveOption[j]?.group === option.group && p.exclusiveOption[j]!.option !== option.option);
    if (chosen !== undefined) return message('alternative-chosen', { option: scenarioRef(data.items[chosen].item.scenarioId) });
  }
  if (Math.max(...d.expectedNpv.slice(0, p.horizon)) <= 0) return message('not-positive');
  return message('no-room');
}

/** The rationale codes of a phase (the view's `rationale.<code>` sentences). */
export type RationaleCode = 'quickestPayback' | 'mostValuable' | 'noDependencies' | 'buildsOn' | 'firstStage' | 'nextStage' | 'sharedComponents' | 'fitsBudget';

/** Why a phase holds what it holds: reasons as codes with typed parameters. */
function rationale(
  proposal: Proposal,
  phase: { items: ItemData[]; spendMedian: number; budgetProbability: number; components: string[]; mostValuable: string | null },
  quickest: string | null,
): Message[] {
  const parts: Message[] = [];
  const part = (code: RationaleCode, params: Record<string, Param> = {}) => parts.push(message(code, params));
  const quick = phase.items.find((d) => d.item.key === quickest);
  if (quick && quick.expectedPayback !== null) part('quickestPayback', { item: itemRef(quick.item.key), months: months(Math.round(quick.expectedPayback)) });
  if (phase.mostValuable) part('mostValuable', { item: itemRef(phase.mostValuable) });
  const deps = [...new Set(phase.items.flatMap((d) => d.item.requires))];
  // The view writes each item with the phase it sits in (the Report's phases, or the delivered ones of a re-plan).
  if (deps.length === 0) part('noDependencies');
  else part('buildsOn', { items: itemRef(deps) });
  for (const d of phase.items) {
    const scenario = proposal.scenarios[d.item.scenarioIndex];
    if (!scenario.stages || d.item.stageId === null) continue;
    const first = scenario.stages[0].id === d.item.stageId;
    part(first ? 'firstStage' : 'nextStage', { scenario: scenarioRef(scenario.id), stage: itemRef(d.item.key) });
  }
  if (phase.components.length) part('sharedComponents', { components: componentRef(phase.components) });
  const { min, max } = proposal.roadmap!.phaseBudget;
  part('fitsBudget', { median: money(phase.spendMedian), min: money(min), max: money(max), probability: probability(phase.budgetProbability) });
  return parts;
}

/** Items that require any of `roots`, directly or through others, with the roots themselves. */
export function withDependants(p: SearchProblem, roots: readonly number[]): number[] {
  const out = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    p.requires.forEach((req, i) => {
      if (!out.has(i) && req !== null && req.some((r) => out.has(r))) {
        out.add(i);
        grew = true;
      }
    });
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The marginal programme value of a set of items: the best plan's objective
 * minus the best plan's objective with those items, and everything that
 * requires them, made unschedulable (a second search on the same problem).
 * Memoised by the removed set, since an enabler and its first stage often remove the same items.
 */
function marginalValues(p: PlannerProblem, best: PlannerResult, seed: number): (roots: readonly number[]) => number {
  const memo = new Map<string, number>();
  return (roots) => {
    const removed = withDependants(p, roots);
    const key = removed.join(',');
    let value = memo.get(key);
    if (value === undefined) {
      const gone = new Set(removed);
      const without = searchPlan({ ...p, requires: p.requires.map((r, i) => (gone.has(i) ? null : r)) }, seed);
      value = best.objective - without.objective;
      memo.set(key, value);
    }
    return value;
  };
}

/** Each candidate item's planning data: what the search was given, for auditing a plan. */
function candidates(data: PlanningData, p: PlannerProblem): Roadmap['candidates'] {
  return data.items.map((d, i) => {
    const sorted = Float64Array.from(d.investment).sort();
    const mean = d.investment.reduce((a, b) => a + b, 0) / Math.max(1, d.investment.length);
    return {
      key: d.item.key,
      scenarioId: d.item.scenarioId,
      stage: d.item.stageId,
      name: d.item.name,
      requires: d.item.requires,
      components: d.item.components,
      expectedNpvByStart: Array.from(d.expectedNpv.subarray(0, p.horizon)),
      spend: { mean, p50: quantileSorted(sorted, 0.5), p80: quantileSorted(sorted, 0.8) },
      durationMonths: d.duration,
      expectedPaybackMonths: d.expectedPayback,
    };
  });
}

/** The Report's roadmap from the search result and the portfolio's trials. */
function roadmapReport(
  proposal: Proposal,
  data: PlanningData,
  p: PlannerProblem,
  result: PlannerResult,
  portfolio: PortfolioTrials,
  payments: ComponentPayment[],
  marginal: (roots: readonly number[]) => number | null,
  blockSize: number,
  sampler: 'lhs' | 'mc',
): Roadmap {
  const rules = proposal.roadmap!;
  const confidence = proposal.policy.confidence;
  const H = proposal.horizonMonths;
  const batches = { blockSize, sampler };
  const scheduled = new Set(result.phases.flatMap((ph) => ph.items));
  const scheduledData = result.phases.flatMap((ph) => ph.items.map((i) => data.items[i]));
  const quickest = scheduledData.filter((d) => d.expectedPayback !== null).sort((a, b) => a.expectedPayback! - b.expectedPayback!)[0]?.item.key ?? null;
  /** This phase's item with the largest E[NPV] at its start, when it beats every item of later phases started now. */
  const mostValuableAt = (k: number): string | null => {
    const ph = result.phases[k];
    const later = result.phases.slice(k + 1).flatMap((x) => x.items);
    const best = [...ph.items].sort((a, b) => data.items[b].expectedNpv[ph.start] - data.items[a].expectedNpv[ph.start])[0];
    const top = data.items[best].expectedNpv[ph.start];
    return later.length > 0 && top > 0 && later.every((i) => data.items[i].expectedNpv[ph.start] <= top) ? data.items[best].item.key : null;
  };
  const phases = result.phases.map((ph, k) => {
    const spend = portfolio.phaseSpend[k];
    let within = 0;
    for (let t = 0; t < spend.length; t++) if (spend[t] >= rules.phaseBudget.min && spend[t] <= rules.phaseBudget.max) within++;
    const budgetProbability = within / spend.length;
    const spendSummary = summarize(spend, { batches });
    const paid = payments.filter((pay) => pay.phase === k);
    const items = ph.items.map((i) => data.items[i]);
    return {
      index: k + 1,
      startMonth: ph.start,
      endMonth: ph.start + ph.length,
      items: ph.items.map((i) => {
        const d = data.items[i];
        return {
          key: d.item.key,
          scenarioId: d.item.scenarioId,
          stage: d.item.stageId,
          name: d.item.name,
          expectedNpv: d.expectedNpv[ph.start],
          durationMonths: d.duration,
          marginalValue: marginal([i]),
        };
      }),
      spend: spendSummary,
      components: paid.map((pay) => ({ id: pay.component.id, name: pay.component.name, expectedCost: data.componentMeans.get(pay.component.id)! })),
      gates: {
        budget: { min: rules.phaseBudget.min, max: rules.phaseBudget.max, probability: budgetProbability, pass: budgetProbability >= confidence },
        length: { months: ph.length, min: rules.phaseMonths.min, max: rules.phaseMonths.max, pass: ph.length >= rules.phaseMonths.min && ph.length <= rules.phaseMonths.max },
        capacity: { items: ph.items.length, max: rules.capacity, pass: ph.items.length <= rules.capacity },
      },
      rationaleParts: rationale(
        proposal,
        { items, spendMedian: spendSummary.p50 ?? 0, budgetProbability, components: paid.map((pay) => pay.component.id), mostValuable: mostValuableAt(k) },
        quickest,
      ),
    };
  });
  const prefix = new Set(p.prefix?.items ?? []);
  const unscheduled = data.items
    .map((d, i) => ({ d, i }))
    .filter(({ i }) => !scheduled.has(i) && !prefix.has(i))
    .map(({ d, i }) => ({ key: d.item.key, scenarioId: d.item.scenarioId, stage: d.item.stageId, name: d.item.name, reason: unscheduledReason(p, i, d, data, new Set([...scheduled, ...prefix])) }));
  const within = sharesAtMost(portfolio.payback, PAYBACK_PROBABILITY_MONTHS);
  const probWithin: Record<string, number | null> = {};
  PAYBACK_PROBABILITY_MONTHS.forEach((m, j) => (probWithin[String(m)] = m <= H ? within[j] : null));
  return {
    rules: { phaseMonths: rules.phaseMonths, phaseBudget: rules.phaseBudget, programmeBudget: rules.programmeBudget ?? null, capacity: rules.capacity, confidence },
    search: {
      method: result.method,
      proven: result.proven,
      items: data.items.length,
      objective: result.objective,
      upperBound: result.upperBound,
      gap: result.gap,
      planTrials: data.planTrials,
    },
    candidates: candidates(data, p),
    phases,
    unscheduled,
    portfolio: {
      npv: summarize(portfolio.npv, { batches }),
      roi: { ...summarize(portfolio.roi, { batches, emptyReason: message('roi-no-cost') }), undefinedProbability: nanShare(portfolio.roi) },
      investment: summarize(portfolio.investment, { batches }),
      paybackMonths: { ...summarize(portfolio.payback, { nanIsInfinite: true, batches }), probWithin, neverProbability: nanShare(portfolio.payback) },
      paybackWithinPolicy: { months: proposal.policy.paybackMonths, probability: sharesAtMost(portfolio.payback, [proposal.policy.paybackMonths])[0] },
      cashflow: { months: Array.from({ length: H + 1 }, (_, m) => m), cumulative: cumulativeFan(portfolio, H), trials: portfolio.fanRows },
      monthly: meanMonthlyFlows(portfolio.monthly, portfolio.trials),
    },
  };
}

/** A plan with its parts, for the Report and for tests. */
export interface PlanOutcome {
  roadmap: Roadmap;
  items: PlanItem[];
  /** What the search was given: each item's E[NPV] by start, its spend per plan trial, its duration. */
  data: PlanningData;
  problem: PlannerProblem;
  /** The plan: the delivered phases of a re-plan (if any), then the searched ones, starts in months from the decision date. */
  result: PlannerResult;
  portfolio: PortfolioTrials;
  scheduled: ScheduledItem[];
  /** The marginal programme value of items (by index) and of everything that requires them. */
  marginalValue(items: readonly number[]): number;
}

export interface PlanOptions extends SimulateOptions {
  /**
   * Phases already started (a re-plan after a pilot): kept as they are — same
   * items, starts and lengths — and the rest planned from the month the last
   * of them ends.
   */
  fixedPrefix?: readonly Pick<Roadmap['phases'][number], 'startMonth' | 'endMonth' | 'items'>[];
}

/**
 * The problem after a delivered prefix, as a problem of its own from month 0:
 * months shifted by the prefix's end, the prefix's items never scheduled again
 * and counting as done for `requires`, its components as paid, its items in
 * every programme check (the cap and the alternatives). The same plans as
 * the contract's `prefix` field describes, for any search.
 */
function afterPrefix(p: PlannerProblem, prefix: { items: readonly number[]; nextStart: number }): PlannerProblem {
  const done = new Set(prefix.items);
  const paid = new Set(prefix.items.flatMap((i) => p.componentsOf[i]));
  const shift = prefix.nextStart;
  return {
    ...p,
    horizon: Math.max(0, p.horizon - shift),
    expectedNpv: p.expectedNpv.map((v) => v.subarray(Math.min(shift, v.length - 1))),
    requires: p.requires.map((r, i) => (done.has(i) || r === null ? null : r.filter((j) => !done.has(j)))),
    componentsOf: p.componentsOf.map((cs) => cs.filter((c) => !paid.has(c))),
    componentPv: (c, t) => p.componentPv(c, t + shift),
    programmeOk: (items) => p.programmeOk([...prefix.items, ...items]),
    prefix: undefined,
  };
}

/**
 * Plans the phased pilot roadmap of a proposal that has a `roadmap` block:
 * items from its scenarios and stages, E[NPV] and spend from the run's trials,
 * the best schedule under capacity, phase length, budget band, programme cap,
 * alternatives and dependencies, and the programme simulated trial by trial.
 * With `fixedPrefix`, the started phases stay and only the rest is planned.
 * @example plan(proposal, set, { trials: 100000, seed: 1 }).roadmap.phases[0].items
 */
export function plan(proposal: Proposal, set: VariableSet, options: PlanOptions): PlanOutcome {
  if (!proposal.roadmap) throw new ClosedloopError('NO_ROADMAP', [{ path: 'roadmap', message: 'the proposal has no roadmap block: add "roadmap": {} to plan with the policy\'s bands' }]);
  const { trials, seed, sampler } = runSettings(options);
  const items = planItems(proposal);
  const data = planningData(proposal, items, set, options);
  const problem = searchProblem(proposal, data);
  checkFeasible(proposal, problem, data);
  const index = new Map(data.items.map((d, i) => [d.item.key, i]));
  const kept: PlannedPhase[] = (options.fixedPrefix ?? []).map((ph) => ({
    items: ph.items.map((it) => {
      const i = index.get(it.key);
      if (i === undefined) throw new RangeError(`fixedPrefix: the started phase item ${it.key} is not a roadmap item of this proposal`);
      return i;
    }),
    start: ph.startMonth,
    length: ph.endMonth - ph.startMonth,
  }));
  if (kept.length > 0) problem.prefix = { items: kept.flatMap((ph) => ph.items), nextStart: kept[kept.length - 1].start + kept[kept.length - 1].length };
  const rest = problem.prefix ? afterPrefix(problem, problem.prefix) : problem;
  const shift = problem.prefix?.nextStart ?? 0;
  const found = rest.horizon > 0 ? searchPlan(rest, seed) : { phases: [], objective: 0, upperBound: 0, gap: 0, method: 'dynamic-programme' as const, proven: true };
  const marginal = marginalValues(rest, found, seed);
  const result: PlannerResult = { ...found, phases: [...kept, ...found.phases.map((ph) => ({ ...ph, start: ph.start + shift }))] };
  const scheduled: ScheduledItem[] = result.phases.flatMap((ph, k) => ph.items.map((i) => ({ item: data.items[i].item, phase: k, start: ph.start })));
  const paid = new Set<number>();
  const payments: ComponentPayment[] = [];
  result.phases.forEach((ph, k) => {
    for (const c of newComponents(problem, ph.items, paid)) {
      payments.push({ component: proposal.roadmap!.sharedComponents[c], phase: k, month: ph.start });
      paid.add(c);
    }
  });
  const portfolio = simulatePortfolio(proposal, set, options, scheduled, payments, result.phases.length);
  const delivered = new Set(problem.prefix?.items ?? []);
  const itemValue = (roots: readonly number[]) => (roots.some((i) => delivered.has(i)) ? null : marginal(roots));
  const roadmap = roadmapReport(proposal, data, problem, result, portfolio, payments, itemValue, blockSizeFor(trials), sampler);
  return { roadmap, items, data, problem, result, portfolio, scheduled, marginalValue: marginal };
}
