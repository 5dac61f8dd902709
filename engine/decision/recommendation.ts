import { RECOMMENDATION_MAX_TRIALS } from '../constants.js';
import type { Policy, Proposal } from '../model/proposal.js';
import type { Simulation } from '../model/simulate.js';
import { type Message, codeParam, componentRef, count, itemRef, message, money, months, scenarioRef } from '../messages.js';
import { planItems } from '../planner/items.js';
import { type ComponentPayment, type ScheduledItem, simulatePortfolio } from '../planner/portfolio.js';
import type { Recommendation, Roadmap, ScenarioReport } from '../report.js';
import { gateRange } from './gates.js';
import type { StageTrials } from './stage-trials.js';

/**
 * The one recommendation every output shows (DESIGN §4.5). With a roadmap
 * that schedules anything, it is the roadmap's first phase: its items, why,
 * what it needs first (the shared components it pays for), and its gates
 * taken together, i.e. for the phase as one commitment over the same trials:
 * payback of its summed cash flows (components included), its total one-off
 * spend within the budget rule, and every item's implementation within the
 * phase rule (on the run's first RECOMMENDATION_MAX_TRIALS trials). Otherwise it is the best-ranked scenario that is not excluded
 * and requires nothing (a scenario that needs another cannot start first),
 * with its own gates. Headline counts leave out excluded scenarios and count
 * a group of alternatives once.
 */

/** Which scenarios count for the headline and may be recommended: all but the roadmap's exclusions. */
function excludedIds(proposal: Proposal): Set<string> {
  return new Set(proposal.roadmap?.exclude ?? []);
}

/**
 * Headline counts: use cases (a group of alternatives once), how many are
 * accepted (a group when any option is), and the highest median NPV, all
 * without excluded scenarios.
 * @example headline(proposal, scenarios).useCases // 5 for six scenarios, one of them excluded
 */
export function headline(proposal: Proposal, scenarios: readonly ScenarioReport[]): Recommendation['headline'] {
  const excluded = excludedIds(proposal);
  const eligible = scenarios.filter((s) => !excluded.has(s.id));
  const groupOf = new Map<string, string>();
  for (const g of proposal.alternatives ?? []) for (const id of g.options) if (!groupOf.has(id)) groupOf.set(id, g.id);
  const units = new Map<string, ScenarioReport[]>();
  for (const s of eligible) {
    const unit = groupOf.has(s.id) ? `group:${groupOf.get(s.id)}` : `scenario:${s.id}`;
    (units.get(unit) ?? units.set(unit, []).get(unit)!).push(s);
  }
  let accepted = 0;
  for (const members of units.values()) if (members.some((s) => s.verdict === 'accept')) accepted++;
  let best: { scenario: string; p50: number } | null = null;
  for (const s of eligible) {
    const p50 = s.npv.p50;
    if (p50 !== null && (best === null || p50 > best.p50)) best = { scenario: s.id, p50 };
  }
  return { useCases: units.size, accepted, bestNpv: best };
}

/** Why the top of the ranking is not where to start, when it is not. */
function topNotRecommended(proposal: Proposal, order: readonly string[], recommended: ReadonlySet<string>, roadmap: Roadmap | undefined): Message[] {
  const top = order[0];
  if (top === undefined || recommended.has(top)) return [];
  const scenario = proposal.scenarios.find((s) => s.id === top)!;
  if (excludedIds(proposal).has(top)) return [message('recommend-top-excluded', { scenario: scenarioRef(top) })];
  if (scenario.requires.length > 0) return [message('recommend-top-requires', { scenario: scenarioRef(top), requires: scenarioRef(scenario.requires) })];
  const phase = roadmap?.phases.findIndex((p) => p.items.some((i) => i.scenarioId === top)) ?? -1;
  if (phase > 0) return [message('recommend-top-later', { scenario: scenarioRef(top), phase: count(phase + 1) })];
  return [];
}

/** Share of trials passing each gate taken together, from per-trial columns. */
function jointGates(policy: Policy, payback: Float64Array, spend: Float64Array, monthsCols: readonly Float64Array[]): Recommendation['gates'] {
  const budget = gateRange(policy.budget, policy.floors);
  const phase = gateRange(policy.phaseMonths, policy.floors);
  const n = payback.length;
  let a = 0;
  let b = 0;
  let c = 0;
  let all = 0;
  for (let i = 0; i < n; i++) {
    const pa = payback[i] <= policy.paybackMonths;
    const pb = spend[i] >= budget.lo && spend[i] <= budget.hi;
    let longest = 0;
    for (const col of monthsCols) if (col[i] > longest) longest = col[i];
    const pc = longest >= phase.lo && longest <= phase.hi;
    if (pa) a++;
    if (pb) b++;
    if (pc) c++;
    if (pa && pb && pc) all++;
  }
  return { payback: a / n, budget: b / n, phase: c / n, joint: all / n };
}

/** The recommendation from the roadmap's first phase. */
function fromRoadmap(
  proposal: Proposal,
  roadmap: Roadmap,
  order: readonly string[],
  scenarios: readonly ScenarioReport[],
  sim: Simulation,
  stages: ReadonlyMap<string, StageTrials[]>,
): Recommendation {
  const phase = roadmap.phases[0];
  const keys = phase.items.map((i) => i.key);
  const ids = [...new Set(phase.items.map((i) => i.scenarioId))];
  const byKey = new Map(planItems(proposal).map((it) => [it.key, it]));
  const scheduled: ScheduledItem[] = keys.map((key) => ({ item: byKey.get(key)!, phase: 0, start: phase.startMonth }));
  const components = proposal.roadmap!.sharedComponents;
  const payments: ComponentPayment[] = phase.components.map((c) => ({ component: components.find((x) => x.id === c.id)!, phase: 0, month: phase.startMonth }));
  // The run's first trials (whole blocks, so exactly the trials the analysis drew first).
  const rows = Math.min(sim.trials, RECOMMENDATION_MAX_TRIALS);
  const portfolio = simulatePortfolio(proposal, sim.variables, { trials: rows, seed: sim.seed, sampler: sim.sampler }, scheduled, payments, 1);
  const monthsCols = phase.items.map((i) =>
    (i.stage === null ? sim.byScenario.get(i.scenarioId)!.implementationMonths : stages.get(i.scenarioId)!.find((s) => s.id === i.stage)!.months).subarray(0, rows),
  );
  const gates = jointGates(proposal.policy, portfolio.payback, portfolio.phaseSpend[0], monthsCols);
  const recommended = new Set(ids);
  const enablers = phase.items.filter((i) => proposal.scenarios.some((s) => s.requires.includes(i.scenarioId)));
  const accepted = ids.filter((id) => scenarios.find((s) => s.id === id)?.verdict === 'accept');
  const reasons: Message[] = [
    message('recommend-first-phase', { items: itemRef(keys), start: months(phase.startMonth), end: months(phase.endMonth), phases: count(roadmap.phases.length) }),
    ...(accepted.length > 0 ? [message('recommend-accepted', { scenarios: scenarioRef(accepted) })] : []),
    ...enablers.map((i) =>
      message('recommend-enables', {
        item: itemRef(i.key),
        scenarios: scenarioRef(proposal.scenarios.filter((s) => s.requires.includes(i.scenarioId)).map((s) => s.id)),
      }),
    ),
    ...topNotRecommended(proposal, order, recommended, roadmap),
  ];
  const prerequisites: Message[] = [
    ...phase.components.map((c) => message('prerequisite-component', { component: componentRef(c.id), cost: money(c.expectedCost) })),
    ...[...new Set(ids.flatMap((id) => proposal.scenarios.find((s) => s.id === id)!.requires))]
      .filter((r) => !recommended.has(r))
      .map((r) => message('prerequisite-scenario', { scenario: scenarioRef(r) })),
  ];
  return {
    source: 'roadmap',
    scenarios: ids,
    items: keys,
    months: { start: phase.startMonth, end: phase.endMonth },
    gates,
    reasons,
    prerequisites,
    headline: headline(proposal, scenarios),
  };
}

/** The recommendation from the ranking: the best-ranked scenario that may start first. */
function fromRanking(proposal: Proposal, order: readonly string[], scenarios: readonly ScenarioReport[], sim: Simulation): Recommendation {
  const excluded = excludedIds(proposal);
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const pick = order.find((id) => !excluded.has(id) && proposal.scenarios.find((s) => s.id === id)!.requires.length === 0);
  if (pick === undefined) {
    return {
      source: 'none',
      scenarios: [],
      items: [],
      months: null,
      gates: { payback: 0, budget: 0, phase: 0, joint: 0 },
      reasons: [message('recommend-none', {})],
      prerequisites: [],
      headline: headline(proposal, scenarios),
    };
  }
  const s = byId.get(pick)!;
  const components = proposal.roadmap?.sharedComponents.filter((c) => c.usedBy.includes(pick)) ?? [];
  return {
    source: 'ranking',
    scenarios: [pick],
    items: [],
    months: null,
    gates: { payback: s.gates.payback.probability, budget: s.gates.budget.probability, phase: s.gates.phase.probability, joint: s.gates.joint.probability },
    reasons: [
      message('recommend-best-ranked', { scenario: scenarioRef(pick), verdict: codeParam(s.verdict), rank: count(s.rank) }),
      ...topNotRecommended(proposal, order, new Set([pick]), undefined),
    ],
    prerequisites: components.map((c) => {
      const r = sim.variables.resolve(c.cost);
      const expected = 'value' in r ? r.value : sim.variables.variables[r.variable].distribution.mean();
      return message('prerequisite-component', { component: componentRef(c.id), cost: money(expected) });
    }),
    headline: headline(proposal, scenarios),
  };
}

/**
 * The Report's `recommendation`: the roadmap's first phase when the roadmap
 * schedules anything, else the best-ranked eligible scenario, else none.
 * `order` is the ranking (scenario ids, best first).
 * @example recommend(proposal, order, scenarios, roadmap, sim, stages).items // ['claims', 'ecommerce']
 */
export function recommend(
  proposal: Proposal,
  order: readonly string[],
  scenarios: readonly ScenarioReport[],
  roadmap: Roadmap | undefined,
  sim: Simulation,
  stages: ReadonlyMap<string, StageTrials[]>,
): Recommendation {
  if (roadmap && roadmap.phases.length > 0) return fromRoadmap(proposal, roadmap, order, scenarios, sim, stages);
  return fromRanking(proposal, order, scenarios, sim);
}
