import type { Proposal } from '../model/proposal.js';
import type { ScenarioReport } from '../report.js';

/**
 * What each scenario enables (DESIGN §4.5, "enablers get their due"): for a
 * scenario that others `require`, every scenario that needs it, directly or
 * through another, in proposal order, and its marginal programme value as
 * the planner measures it (the best plan's E[NPV] with it and its dependants
 * minus without), or null when there is no roadmap to measure it in.
 * Scenarios nothing requires get no entry.
 * @example enablers(proposal, () => null).get('knowledge-platform') // { scenarios: ['kb-assistant', 'banking'], marginalValue: null }
 */
export function enablers(
  proposal: Proposal,
  marginalValue: (scenarioId: string) => number | null,
): Map<string, NonNullable<ScenarioReport['enables']>> {
  const dependants = new Map<string, Set<string>>();
  for (const s of proposal.scenarios) for (const r of s.requires) (dependants.get(r) ?? dependants.set(r, new Set()).get(r)!).add(s.id);
  const out = new Map<string, NonNullable<ScenarioReport['enables']>>();
  for (const s of proposal.scenarios) {
    if (!dependants.has(s.id)) continue;
    const seen = new Set<string>();
    const stack = [...dependants.get(s.id)!];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(dependants.get(id) ?? []));
    }
    const scenarios = proposal.scenarios.filter((x) => seen.has(x.id)).map((x) => x.id);
    out.set(s.id, { scenarios, marginalValue: marginalValue(s.id) });
  }
  return out;
}
