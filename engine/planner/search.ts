import { searchDynamicProgramme } from './dynamic-programme.js';
import { type LpSolver, MILP_LIMITS, searchMilp } from './milp.js';
import { candidates } from './phase-patterns.js';
import { type SearchProblem, type SearchResult, assertPhaseFloor } from './search-problem.js';
import { solveLp } from './highs.js';

export * from './search-problem.js';

/**
 * Candidate phases the dynamic programme may evaluate before the MILP takes
 * over: with its bounds it does this many in about 0.4 s of CPU and proves every
 * 20-item problem of the bench's hard family within it, where HiGHS needs
 * seconds to tens of seconds (bench/search-run.ts). A count, so the choice is deterministic.
 */
export const DP_BUDGET = 3_000_000;

/**
 * The best plan: the dynamic programme when it finishes within DP_BUDGET
 * (exact), the HiGHS MILP otherwise (proven optimal, or the incumbent with a
 * true upper bound when its deterministic node limit stops it). `seed` is
 * unused: both are deterministic.
 * @example search(problem, 7).phases[0].items // indices of the first phase's items
 */
export function search(p: SearchProblem, _seed: number, solver: LpSolver = solveLp): SearchResult {
  assertPhaseFloor(p);
  const cand = candidates(p);
  return searchDynamicProgramme(p, DP_BUDGET, cand) ?? searchMilp(p, solver, MILP_LIMITS, cand);
}
