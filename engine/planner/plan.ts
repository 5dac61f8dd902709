import { PAYBACK_PROBABILITY_MONTHS } from '../constants.js';
import { ClosedloopError, type Problem } from '../errors.js';
import { cumulativeFan, nanShare, sharesAtMost, summarize } from '../metrics/summaries.js';
import { formatMoney } from '../money.js';
import type { Proposal } from '../model/proposal.js';
import type { Roadmap } from '../report.js';
import { message } from '../messages.js';
import { meanMonthlyFlows } from '../metrics/monthly.js';
import { type SimulateOptions, blockSizeFor, runSettings } from '../model/simulate.js';
import type { VariableSet } from '../sampling/variables.js';
import { type ItemData, type PlanningData, planningData } from './item-data.js';
import { type PlanItem, planItems } from './items.js';
import { type ComponentPayment, type PortfolioTrials, type ScheduledItem, simulatePortfolio } from './portfolio.js';
import { type SearchProblem, type SearchResult, newComponents, phaseLength, search } from './search.js';

/** The search problem over the plan items, with chance constraints checked on the plan trials. */
export function searchProblem(proposal: Proposal, data: PlanningData): SearchProblem {
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
    exclusiveOption: items.map(() => null),
    componentPv: (c, t) => data.componentMeans.get(components[c].id)! * data.discount[Math.min(t, proposal.horizonMonths)],
    phaseMonths: rules.phaseMonths,
    capacity: rules.capacity,
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
  const money = (x: number) => formatMoney(x, proposal.currency);
  const problems: Problem[] = [];
  data.items.forEach((d, i) => {
    const it = d.item;
    const stageIndex = proposal.scenarios[it.scenarioIndex].stages?.findIndex((s) => s.id === it.stageId) ?? -1;
    const where = it.stageId === null ? `scenarios[${it.scenarioIndex}]` : `scenarios[${it.scenarioIndex}].stages[${stageIndex}]`;
    const fix = it.stageId === null ? 'split it into stages (add "stages") or leave it out (roadmap.exclude)' : 'split it into smaller stages';
    if (!p.phaseSpendOk([i], [], true)) {
      const median = [...d.investment].sort((a, b) => a - b)[Math.floor(d.investment.length / 2)];
      problems.push({
        path: where,
        message: `${it.key}: its one-off spend (median ${money(median)}) exceeds the phase budget ceiling of ${money(rules.phaseBudget.max)} in more than ${Math.round((1 - proposal.policy.confidence) * 100)}% of trials, so no phase can hold it: ${fix}`,
      });
    }
    if (phaseLength(p, [i]) === Infinity) {
      problems.push({
        path: where,
        message: `${it.key}: it needs ${d.duration} implementation months (at ${Math.round(proposal.policy.confidence * 100)}% confidence), more than a ${rules.phaseMonths.max}-month phase: ${fix}`,
      });
    }
  });
  if (problems.length) throw new ClosedloopError('INFEASIBLE_ROADMAP', problems);
}

/** Why an item stayed out of the plan. */
function unscheduledReason(p: SearchProblem, i: number, d: ItemData, keys: Set<string>): string {
  if (p.requires[i] === null) {
    const missing = d.item.requires.filter((k) => !keys.has(k));
    return `requires ${missing.join(', ')}, which the roadmap leaves out`;
  }
  if (Math.max(...d.expectedNpv.slice(0, p.horizon)) <= 0) return 'its expected NPV is not positive at any start within the horizon';
  return 'no phase within the horizon could hold it with a better programme NPV (capacity, the budget band or its dependencies)';
}

/** One reason of a phase's rationale: a code (the translation key) and the values it quotes. */
export interface RationalePart {
  code: 'quickestPayback' | 'mostValuable' | 'noDependencies' | 'buildsOn' | 'firstStage' | 'nextStage' | 'sharedComponents' | 'fitsBudget';
  params: Record<string, string | number>;
  text: string;
}

/** Why a phase holds what it holds, as parts (for translation) and one English sentence. */
function rationale(
  proposal: Proposal,
  phase: { index: number; items: ItemData[]; spendMedian: number; budgetProbability: number; components: string[]; mostValuable: string | null },
  quickest: string | null,
  phaseOfKey: Map<string, number>,
  nameOf: Map<string, string>,
  itemNameOf: Map<string, string>,
): { text: string; parts: RationalePart[] } {
  const money = (x: number) => formatMoney(x, proposal.currency);
  const parts: RationalePart[] = [];
  const quick = phase.items.find((d) => d.item.key === quickest);
  if (quick && quick.expectedPayback !== null) {
    const months = Math.round(quick.expectedPayback);
    parts.push({ code: 'quickestPayback', params: { item: quick.item.name, months }, text: `quickest payback (${quick.item.name}, about ${months} months)` });
  }
  if (phase.mostValuable) parts.push({ code: 'mostValuable', params: { item: phase.mostValuable }, text: `the most valuable item still to start (${phase.mostValuable})` });
  const deps = [...new Set(phase.items.flatMap((d) => d.item.requires))];
  if (deps.length === 0) parts.push({ code: 'noDependencies', params: {}, text: 'no dependencies' });
  else {
    const items = deps.map((k) => `${itemNameOf.get(k) ?? k} (${phaseOfKey.get(k)})`).join(', ');
    parts.push({ code: 'buildsOn', params: { items }, text: `builds on ${deps.map((k) => `${nameOf.get(k) ?? k} (phase ${phaseOfKey.get(k)})`).join(', ')}` });
  }
  for (const d of phase.items) {
    const scenario = proposal.scenarios.find((s) => s.id === d.item.scenarioId)!;
    if (!scenario.stages || d.item.stageId === null) continue;
    const k = scenario.stages.findIndex((s) => s.id === d.item.stageId);
    const stage = scenario.stages[k].name ?? scenario.stages[k].id;
    parts.push(
      k === 0
        ? { code: 'firstStage', params: { scenario: scenario.name }, text: `first stage of ${scenario.name}, before committing to the rest` }
        : { code: 'nextStage', params: { scenario: scenario.name, stage }, text: `next stage (${stage}) once the earlier one has proved itself` },
    );
  }
  if (phase.components.length) {
    const names = phase.components.join(', ');
    parts.push({ code: 'sharedComponents', params: { names }, text: `pays once for the shared ${names}` });
  }
  const { min, max } = proposal.roadmap!.phaseBudget;
  parts.push({
    code: 'fitsBudget',
    params: { median: phase.spendMedian, min, max, probability: phase.budgetProbability },
    text: `fits the phase budget (median ${money(phase.spendMedian)}, within ${money(min)}–${money(max)} in ${Math.round(phase.budgetProbability * 100)}% of futures)`,
  });
  return { text: `Phase ${phase.index}: ${parts.map((p) => p.text).join('; ')}.`, parts };
}

/** The Report's two forms of a rationale: the sentence and its parts without the English text. */
function rationaleFields(r: { text: string; parts: RationalePart[] }) {
  return { rationale: r.text, rationaleParts: r.parts.map(({ code, params }) => ({ code, params })) };
}

/** The Report's roadmap from the search result and the portfolio's trials. */
function roadmapReport(proposal: Proposal, data: PlanningData, p: SearchProblem, result: SearchResult, portfolio: PortfolioTrials, payments: ComponentPayment[], blockSize: number, sampler: 'lhs' | 'mc'): Roadmap {
  const rules = proposal.roadmap!;
  const confidence = proposal.policy.confidence;
  const H = proposal.horizonMonths;
  const batches = { blockSize, sampler };
  const scheduledKeys = new Set(result.phases.flatMap((ph) => ph.items.map((i) => data.items[i].item.key)));
  const phaseOfKey = new Map(result.phases.flatMap((ph, k) => ph.items.map((i) => [data.items[i].item.key, k + 1] as const)));
  const scheduledData = result.phases.flatMap((ph) => ph.items.map((i) => data.items[i]));
  const quickest = scheduledData.filter((d) => d.expectedPayback !== null).sort((a, b) => a.expectedPayback! - b.expectedPayback!)[0]?.item.key ?? null;
  /** The name of this phase's item with the largest E[NPV] at its start, when it beats every item of later phases started now. */
  const mostValuableAt = (k: number): string | null => {
    const ph = result.phases[k];
    const later = result.phases.slice(k + 1).flatMap((x) => x.items);
    const best = [...ph.items].sort((a, b) => data.items[b].expectedNpv[ph.start] - data.items[a].expectedNpv[ph.start])[0];
    const top = data.items[best].expectedNpv[ph.start];
    return later.length > 0 && top > 0 && later.every((i) => data.items[i].expectedNpv[ph.start] <= top) ? data.items[best].item.name : null;
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
      items: items.map((d) => ({
        key: d.item.key,
        scenarioId: d.item.scenarioId,
        stage: d.item.stageId,
        name: d.item.name,
        expectedNpv: d.expectedNpv[ph.start],
        durationMonths: d.duration,
      })),
      spend: spendSummary,
      components: paid.map((pay) => ({ id: pay.component.id, name: pay.component.name, expectedCost: data.componentMeans.get(pay.component.id)! })),
      gates: {
        budget: { min: rules.phaseBudget.min, max: rules.phaseBudget.max, probability: budgetProbability, pass: budgetProbability >= confidence },
        length: { months: ph.length, min: rules.phaseMonths.min, max: rules.phaseMonths.max, pass: ph.length >= rules.phaseMonths.min && ph.length <= rules.phaseMonths.max },
        capacity: { items: ph.items.length, max: rules.capacity, pass: ph.items.length <= rules.capacity },
      },
      ...rationaleFields(rationale(
        proposal,
        {
          index: k + 1,
          items,
          spendMedian: spendSummary.p50 ?? 0,
          budgetProbability,
          components: paid.map((pay) => pay.component.name),
          mostValuable: mostValuableAt(k),
        },
        quickest,
        phaseOfKey,
        new Map(data.items.map((d) => [d.item.key, d.item.stageId === null ? d.item.name : `the ${d.item.stageId} stage of ${d.item.scenario.name.split(' — ')[0]}`])),
        new Map(data.items.map((d) => [d.item.key, d.item.name])),
      )),
    };
  });
  const allKeys = new Set(data.items.map((d) => d.item.key));
  const unscheduled = data.items
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => !scheduledKeys.has(d.item.key))
    .map(({ d, i }) => ({ key: d.item.key, scenarioId: d.item.scenarioId, stage: d.item.stageId, name: d.item.name, reason: unscheduledReason(p, i, d, allKeys) }));
  const within = sharesAtMost(portfolio.payback, PAYBACK_PROBABILITY_MONTHS);
  const probWithin: Record<string, number | null> = {};
  PAYBACK_PROBABILITY_MONTHS.forEach((m, j) => (probWithin[String(m)] = m <= H ? within[j] : null));
  return {
    rules: { phaseMonths: rules.phaseMonths, phaseBudget: rules.phaseBudget, programmeBudget: rules.programmeBudget ?? null, capacity: rules.capacity, confidence },
    search: { method: result.proven ? 'exact' : 'heuristic', items: data.items.length, objective: result.objective, upperBound: result.upperBound, gap: result.gap, planTrials: data.planTrials },
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
  problem: SearchProblem;
  result: SearchResult;
  portfolio: PortfolioTrials;
  scheduled: ScheduledItem[];
}

/**
 * Plans the phased pilot roadmap of a proposal that has a `roadmap` block:
 * items from its scenarios and stages, E[NPV] and spend from the run's trials,
 * the best schedule under capacity, phase length, budget band, programme cap
 * and dependencies, and the programme simulated trial by trial.
 * @example plan(proposal, set, { trials: 100000, seed: 1 }).roadmap.phases[0].items
 */
export function plan(proposal: Proposal, set: VariableSet, options: SimulateOptions): PlanOutcome {
  if (!proposal.roadmap) throw new ClosedloopError('NO_ROADMAP', [{ path: 'roadmap', message: 'the proposal has no roadmap block: add "roadmap": {} to plan with the policy\'s bands' }]);
  const { trials, seed, sampler } = runSettings(options);
  const items = planItems(proposal);
  const data = planningData(proposal, items, set, options);
  const problem = searchProblem(proposal, data);
  checkFeasible(proposal, problem, data);
  const result = search(problem, seed);
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
  const roadmap = roadmapReport(proposal, data, problem, result, portfolio, payments, blockSizeFor(trials), sampler);
  return { roadmap, items, problem, result, portfolio, scheduled };
}
