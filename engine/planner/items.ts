import type { Cost, Proposal, Scenario } from '../model/proposal.js';

/**
 * A unit the planner schedules into a phase: a whole scenario, or one stage
 * of a scenario that has stages (pilot → rollout …).
 */
export interface PlanItem {
  /** "SCENARIO_ID" or "SCENARIO_ID/STAGE_ID". */
  key: string;
  scenarioId: string;
  /** Index of the scenario in the proposal (for error paths). */
  scenarioIndex: number;
  stageId: string | null;
  name: string;
  /** The scenario the model evaluates: the scenario itself, or its stage as a derived scenario. */
  scenario: Scenario;
  /** Share of the scenario's benefits and running costs (1 without stages). */
  share: number;
  /** Keys of the items that must be live (in an earlier phase) before this one starts. */
  requires: string[];
  /** Shared components this item needs (paid by the first item that needs them). */
  components: string[];
}

/**
 * A stage as a scenario: the stage's duration, its one-off cost in place of the
 * scenario's one-off lines (spread over its months), and the scenario's
 * benefits and running costs, which the model scales by the stage's share.
 */
function stageScenario(scenario: Scenario, index: number): Scenario {
  const stage = scenario.stages![index];
  const oneOff: Cost = { kind: 'oneOff', label: `${stage.name ?? stage.id} (stage cost)`, amount: stage.cost, timing: 'spread' };
  return {
    ...scenario,
    id: `${scenario.id}/${stage.id}`,
    name: `${scenario.name} — ${stage.name ?? stage.id}`,
    implementationMonths: stage.implementationMonths,
    costs: [oneOff, ...scenario.costs.filter((c) => c.kind !== 'oneOff')],
    stages: undefined,
  };
}

/**
 * The plan items of a proposal's roadmap, in document order: each scenario not
 * excluded, split into its stages when it has them. A scenario's first item
 * requires the first item of each scenario it `requires` (that one must be
 * live); each later stage requires the stage before it.
 * @example planItems(proposal).map((i) => i.key) // ['claims', 'platform/pilot', 'platform/rollout', …]
 */
export function planItems(proposal: Proposal): PlanItem[] {
  const rules = proposal.roadmap!;
  const excluded = new Set(rules.exclude);
  const firstKey = (s: Scenario) => (s.stages ? `${s.id}/${s.stages[0].id}` : s.id);
  const byId = new Map(proposal.scenarios.map((s) => [s.id, s]));
  const items: PlanItem[] = [];
  proposal.scenarios.forEach((scenario, scenarioIndex) => {
    if (excluded.has(scenario.id)) return;
    const components = rules.sharedComponents.filter((c) => c.usedBy.includes(scenario.id)).map((c) => c.id);
    const requires = scenario.requires.map((id) => firstKey(byId.get(id)!));
    if (!scenario.stages) {
      items.push({ key: scenario.id, scenarioId: scenario.id, scenarioIndex, stageId: null, name: scenario.name, scenario, share: 1, requires, components });
      return;
    }
    scenario.stages.forEach((stage, k) => {
      items.push({
        key: `${scenario.id}/${stage.id}`,
        scenarioId: scenario.id,
        scenarioIndex,
        stageId: stage.id,
        name: `${scenario.name} — ${stage.name ?? stage.id}`,
        scenario: stageScenario(scenario, k),
        share: stage.benefitShare,
        requires: k === 0 ? requires : [`${scenario.id}/${scenario.stages![k - 1].id}`],
        components: k === 0 ? components : [],
      });
    });
  });
  return items;
}
