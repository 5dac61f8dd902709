import { searchDynamicProgramme } from './dynamic-programme.js';
import { type LpSolver, searchMilp } from './milp.js';
import { type SearchProblem, type SearchResult, assertPhaseFloor } from './search-problem.js';
import { ClosedloopError } from '../errors.js';

export * from './search-problem.js';

/** Up to this many items the dynamic programme is faster than the MILP (bench/search-run.ts). */
export const DP_MAX_ITEMS = 10;

/** Until the synchronous HiGHS bridge is wired in, the MILP needs a solver passed in. */
const noSolver: LpSolver = () => {
  throw new ClosedloopError('INTERNAL', [{ path: 'roadmap', message: 'no MILP solver is wired in yet' }]);
};

/**
 * The best plan: the dynamic programme up to DP_MAX_ITEMS items (exact), the
 * HiGHS MILP beyond (proven optimal, or the incumbent with a true upper bound
 * when its deterministic node limit stops it). `seed` is unused: both are deterministic.
 * @example search(problem, 7).phases[0].items // indices of the first phase's items
 */
export function search(p: SearchProblem, _seed: number, solver: LpSolver = noSolver): SearchResult {
  assertPhaseFloor(p);
  return p.n <= DP_MAX_ITEMS ? searchDynamicProgramme(p) : searchMilp(p, solver);
}
