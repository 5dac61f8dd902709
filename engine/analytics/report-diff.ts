import type { Report, Verdict } from '../report.js';

/**
 * How each scenario's verdict, score, rank and NPV P50 moved between two
 * Reports (from → to), as data. Scenarios in only one Report are listed apart.
 */

export interface ScenarioMove {
  id: string;
  verdict: { from: Verdict; to: Verdict };
  score: { from: number; to: number };
  rank: { from: number; to: number };
  /** Median NPV in the proposal's currency; null where a Report has none. */
  npvP50: { from: number | null; to: number | null; change: number | null };
}

export interface ReportDiff {
  fromHash: string;
  toHash: string;
  /** Whether both ran with the same seed, trials and sampler (moves are then common-random-number comparisons). */
  sameRun: boolean;
  added: string[];
  removed: string[];
  scenarios: ScenarioMove[];
}

/**
 * The moves of every scenario present in both Reports, in the order of `to`.
 * @example diffReports(r1, r2).scenarios[0].verdict // { from: 'consider', to: 'accept' }
 */
export function diffReports(from: Report, to: Report): ReportDiff {
  const before = new Map(from.scenarios.map((s) => [s.id, s]));
  const after = new Set(to.scenarios.map((s) => s.id));
  const moves: ScenarioMove[] = [];
  for (const b of to.scenarios) {
    const a = before.get(b.id);
    if (!a) continue;
    const p50 = (x: number | null) => x;
    moves.push({
      id: b.id,
      verdict: { from: a.verdict, to: b.verdict },
      score: { from: a.score, to: b.score },
      rank: { from: a.rank, to: b.rank },
      npvP50: { from: p50(a.npv.p50), to: p50(b.npv.p50), change: a.npv.p50 !== null && b.npv.p50 !== null ? b.npv.p50 - a.npv.p50 : null },
    });
  }
  return {
    fromHash: from.run.inputHash,
    toHash: to.run.inputHash,
    sameRun: from.run.seed === to.run.seed && from.run.trials === to.run.trials && from.run.sampler === to.run.sampler,
    added: to.scenarios.filter((s) => !before.has(s.id)).map((s) => s.id),
    removed: from.scenarios.filter((s) => !after.has(s.id)).map((s) => s.id),
    scenarios: moves,
  };
}
