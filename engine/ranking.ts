import type { RankMetric } from './proposal.js';
import type { ScenarioReport } from './report.js';

/** The value a scenario is ranked by (higher is better); null sorts last. */
function rankValue(s: ScenarioReport, by: RankMetric): number | null {
  switch (by) {
    case 'score':
      return s.score;
    case 'npvP50':
      return s.npv.p50;
    case 'npvMean':
      return s.npv.mean;
    case 'paybackProbability':
      return s.gates.payback.probability;
    case 'roiP50':
      return s.roi.p50;
  }
}

/**
 * Orders scenarios best first by the policy's metric, then by median NPV, then
 * by id (so equal scenarios keep a stable order). Returns ids in rank order.
 * @example rankScenarios(scenarios, 'score') // ['quality-inspection', 'kb-assistant', …]
 */
export function rankScenarios(scenarios: readonly ScenarioReport[], by: RankMetric): string[] {
  const key = (s: ScenarioReport): [number, number] => [rankValue(s, by) ?? -Infinity, s.npv.p50 ?? -Infinity];
  return [...scenarios]
    .sort((a, b) => {
      const [a1, a2] = key(a);
      const [b1, b2] = key(b);
      return b1 - a1 || b2 - a2 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((s) => s.id);
}
