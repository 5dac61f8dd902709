import type { Proposal } from '../model/proposal.js';
import type { RankingGroup } from '../report.js';

/**
 * Each group of alternatives as the ranking shows it: once, with its options
 * in rank order, the best-ranked first, and how sure the choice between them
 * is over the same trials (common random numbers): beats[a][b] = P(NPV_a >
 * NPV_b) and ties[a][b] = P(NPV_a = NPV_b). Options with identical inputs
 * have identical NPVs in every trial, so they tie (beats 0 both ways, ties 1)
 * instead of splitting 50/50 on noise.
 * @example rankingGroups(proposal, order, npvOf)[0].best // the group's best-ranked option
 */
export function rankingGroups(proposal: Proposal, order: readonly string[], npvOf: (id: string) => Float64Array): RankingGroup[] {
  return (proposal.alternatives ?? []).map((group) => {
    const options = order.filter((id) => group.options.includes(id));
    const beats: Record<string, Record<string, number>> = {};
    const ties: Record<string, Record<string, number>> = {};
    for (const a of options) {
      beats[a] = {};
      ties[a] = {};
    }
    options.forEach((a, i) => {
      const x = npvOf(a);
      for (const b of options.slice(i + 1)) {
        const y = npvOf(b);
        let wins = 0;
        let losses = 0;
        let equal = 0;
        for (let t = 0; t < x.length; t++) {
          if (x[t] > y[t]) wins++;
          else if (x[t] < y[t]) losses++;
          else equal++;
        }
        const n = x.length;
        beats[a][b] = wins / n;
        beats[b][a] = losses / n;
        ties[a][b] = ties[b][a] = equal / n;
      }
    });
    return { id: group.id, name: group.name, options, best: options[0] ?? null, beats, ties };
  });
}
