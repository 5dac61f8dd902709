import type { Policy, RankMetric } from '../model/proposal.js';
import { type Message, message, months, probability } from '../messages.js';
import type { ScenarioReport } from '../report.js';
import { VERDICT_ORDER } from './verdict.js';

/** The value a scenario is ranked by (higher is better); null sorts last. */
function rankValue(s: ScenarioReport, by: RankMetric): number | null {
  switch (by) {
    case 'verdict':
      return VERDICT_ORDER.length - VERDICT_ORDER.indexOf(s.verdict);
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
 * Orders scenarios best first by the policy's metric, then by median NPV (by
 * expected NPV for 'verdict', the default: a ranking that reads as a
 * recommendation), then by id (so equal scenarios keep a stable order).
 * Returns ids in rank order.
 * @example rankScenarios(scenarios, 'verdict') // accepted ones first, each verdict by E[NPV]
 */
export function rankScenarios(scenarios: readonly ScenarioReport[], by: RankMetric): string[] {
  const second = (s: ScenarioReport) => (by === 'verdict' ? s.npv.mean : s.npv.p50) ?? -Infinity;
  const key = (s: ScenarioReport): [number, number] => [rankValue(s, by) ?? -Infinity, second(s)];
  return [...scenarios]
    .sort((a, b) => {
      const [a1, a2] = key(a);
      const [b1, b2] = key(b);
      return b1 - a1 || b2 - a2 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((s) => s.id);
}

/**
 * How sure the ranking is, over the same trials (common random numbers):
 * pairwise[a][b] = P(NPV_a > NPV_b); probBest = P(highest NPV); and
 * rankAcceptability[id][k] = P(rank k+1 by NPV) (Lahdelma & Salminen's SMAA
 * rank acceptability). Ties in a trial go to the scenario listed first, so
 * every trial gives exactly one rank to each scenario.
 * @example rankingRobustness(['a', 'b'], [npvA, npvB]).pairwise.a.b // P(A beats B)
 */
export function rankingRobustness(
  ids: readonly string[],
  npvs: readonly Float64Array[],
): { pairwise: Record<string, Record<string, number>>; probBest: Record<string, number>; rankAcceptability: Record<string, number[]> } {
  const s = ids.length;
  const n = s > 0 ? npvs[0].length : 0;
  const wins = new Float64Array(s * s);
  const rankCounts = new Float64Array(s * s);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < s; a++) {
      const va = npvs[a][i];
      let rank = 0;
      for (let b = 0; b < s; b++) {
        if (b === a) continue;
        const vb = npvs[b][i];
        if (va > vb) wins[a * s + b]++;
        if (vb > va || (vb === va && b < a)) rank++;
      }
      rankCounts[a * s + rank]++;
    }
  }
  const pairwise: Record<string, Record<string, number>> = {};
  const probBest: Record<string, number> = {};
  const rankAcceptability: Record<string, number[]> = {};
  ids.forEach((a, i) => {
    pairwise[a] = {};
    ids.forEach((b, j) => {
      if (i !== j) pairwise[a][b] = wins[i * s + j] / n;
    });
    rankAcceptability[a] = Array.from({ length: s }, (_, k) => rankCounts[i * s + k] / n);
    probBest[a] = rankAcceptability[a][0];
  });
  return { pairwise, probBest, rankAcceptability };
}

/**
 * What the order is, as a code for the view: `ranking-by-<rankBy>`, with the
 * policy figures the sentence quotes (the verdict's payback limits and confidence).
 * @example rankingBasis(policy).code // 'ranking-by-verdict'
 */
export function rankingBasis(policy: Policy): Message {
  return message(`ranking-by-${policy.rankBy}`, {
    acceptMonths: months(policy.paybackMonths),
    considerMonths: months(policy.considerMonths),
    confidence: probability(policy.confidence),
  });
}
