import { describe, expect, it } from 'vitest';
import { search } from '../../../engine/planner/search.js';
import { bruteForceOptimum } from './brute-force.js';
import { type CheckedPhase, checkPlan } from './checker.js';
import { type InstanceSize, type PlanningInstance, randomInstance, toSearchProblem } from './instances.js';
import { solveOracle } from './oracle.js';
import { regressionInstances } from './regressions.js';

/**
 * The roadmap planner against an independent MILP of the planning problem
 * (oracle.ts, a time-indexed formulation solved to optimality by HiGHS), with
 * every plan re-checked against the rules (checker.ts) and the oracle itself
 * checked against enumeration on tiny instances (brute-force.ts).
 */

const ROWS = 10;
const SMALL: InstanceSize = { items: [3, 16], horizon: [12, 60], rows: ROWS };
const RANDOM_INSTANCES = 300;
const LARGE: InstanceSize = { items: [17, 40], horizon: [12, 30], rows: ROWS };
const LARGE_INSTANCES = 12;
/** HiGHS branch-and-bound nodes the oracle may spend on a large instance (a count, so the outcome is deterministic). */
const LARGE_NODE_LIMIT = 200;
const SEED = 20261202;
/** Generous: the suite takes about two minutes on one idle core; a shared machine can be several times slower. */
const TIMEOUT_MS = 1_800_000;

/** Equal to relative 1e-9, or absolutely within 1e-9 near 0. */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-9;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-9);

interface PlannerRun {
  phases: CheckedPhase[];
  objective: number;
  upperBound: number;
  gap: number;
  proven?: boolean;
}

const runPlanner = (inst: PlanningInstance): PlannerRun => search(toSearchProblem(inst), SEED) as PlannerRun;

/** What went wrong on one instance (empty when planner, oracle and checker agree). */
async function compare(inst: PlanningInstance): Promise<{ problems: string[]; difference: number; phases: number }> {
  const problems: string[] = [];
  const oracle = await solveOracle(inst);
  if (oracle.status !== 'Optimal') return { problems: [`oracle ${oracle.status}`], difference: NaN, phases: 0 };
  const optimum = checkPlan(inst, oracle.phases);
  if (optimum.violations.length > 0) problems.push(`oracle plan: ${optimum.violations.join('; ')}`);
  if (Math.abs(optimum.value - oracle.objective) > 1e-6 * Math.max(1, Math.abs(optimum.value))) problems.push(`oracle objective ${oracle.objective} vs its plan ${optimum.value}`);
  const run = runPlanner(inst);
  const plan = checkPlan(inst, run.phases);
  if (plan.violations.length > 0) problems.push(`planner plan: ${plan.violations.join('; ')}`);
  if (!same(run.objective, plan.value)) problems.push(`planner objective ${run.objective} vs its plan ${plan.value}`);
  if (!same(run.objective, optimum.value)) problems.push(`planner ${run.objective} vs optimum ${optimum.value}`);
  if (!(run.upperBound >= optimum.value - 1e-9 * Math.max(1, Math.abs(optimum.value)))) problems.push(`upper bound ${run.upperBound} below the optimum ${optimum.value}`);
  if (!(run.gap >= 0)) problems.push(`gap ${run.gap}`);
  if (run.proven !== undefined && run.proven !== (run.gap === 0)) problems.push(`proven ${run.proven} with gap ${run.gap}`);
  return { problems, difference: relative(run.objective, optimum.value), phases: oracle.phases.length };
}

describe('roadmap planner against an independent MILP oracle', () => {
  it('the oracle finds the optimum brute force finds on tiny instances (2-5 items)', async () => {
    const failures: string[] = [];
    let plans = 0;
    let nonEmpty = 0;
    for (let k = 0; k < 105; k++) {
      const inst = randomInstance(1000 + k, { items: [2, 5], horizon: [12, 30], rows: ROWS });
      const best = bruteForceOptimum(inst);
      const oracle = await solveOracle(inst);
      const check = checkPlan(inst, oracle.phases);
      plans += best.plans;
      if (best.phases.length > 0) nonEmpty++;
      if (oracle.status !== 'Optimal' || check.violations.length > 0 || !same(check.value, best.value)) {
        failures.push(`${inst.name}: oracle ${oracle.status} ${check.value} [${check.violations.join('; ')}], brute force ${best.value}`);
      }
    }
    expect(failures).toEqual([]);
    // the enumeration must have had something to find
    expect(nonEmpty).toBeGreaterThan(40);
    expect(plans).toBeGreaterThan(1000);
  }, TIMEOUT_MS);

  it('the checker rejects what the rules forbid and values plans from the raw data', () => {
    const inst = regressionInstances().find((i) => i.name === 'platform-five-assistants-H24')!;
    const broken = (phases: CheckedPhase[], instance = inst) => checkPlan(instance, phases).violations.join('; ');
    const first = { items: [0], start: 0, length: 8 };
    const valid = [first, { items: [1, 6], start: 8, length: 12 }];
    expect(broken(valid)).toBe('');
    const npv = inst.expectedNpv;
    expect(checkPlan(inst, valid).value).toBeCloseTo(npv[0][0] - inst.componentPv[0][0] + npv[1][8] + npv[6][8], 9);
    expect(broken([{ items: [0], start: 1, length: 8 }])).toContain('previous phase ends at 0');
    expect(broken([first, { items: [1], start: 9, length: 6 }])).toContain('previous phase ends at 8');
    expect(broken([{ items: [0, 1], start: 0, length: 8 }])).toContain('requires item 0');
    expect(broken([first, { items: [0], start: 8, length: 8 }])).toContain('already in phase 0');
    expect(broken([{ items: [0], start: 0, length: 6 }])).toContain('its items need 8');
    expect(broken([...valid, { items: [2], start: 20, length: 6 }, { items: [3], start: 26, length: 8 }])).toContain('not before the horizon');
    expect(broken([first, { items: [1, 2, 6], start: 8, length: 12 }])).toContain('capacity 2');
    expect(broken([first, { items: [6, 1], start: 8, length: 12 }])).toContain('ascending');
    expect(broken([{ items: [0, 6], start: 0, length: 12 }])).toContain('spend within');
    expect(broken(valid, { ...inst, programmeBudget: 20.5 })).toContain('programme');
    const options = inst.exclusiveOption.map((o, i) => (i === 1 ? { group: 0, option: 0 } : i === 6 ? { group: 0, option: 1 } : o));
    expect(broken(valid, { ...inst, exclusiveOption: options })).toContain('option');
    expect(broken([{ items: [1], start: 0, length: 6 }], { ...inst, prefix: { items: [0], nextStart: 0 } })).toBe('');
    expect(broken([{ items: [0], start: 2, length: 8 }], { ...inst, prefix: { items: [0], nextStart: 2 } })).toContain('delivered');
  });

  it(`the planner's objective equals the oracle's optimum on ${RANDOM_INSTANCES} random instances of 3-16 items`, async () => {
    const started = Date.now();
    const failures: string[] = [];
    let maxDifference = 0;
    let phases = 0;
    for (let k = 0; k < RANDOM_INSTANCES; k++) {
      const inst = randomInstance(k + 1, SMALL);
      const result = await compare(inst);
      if (result.problems.length > 0) failures.push(`${inst.name} (n ${inst.n}, H ${inst.horizon}): ${result.problems.join(' | ')}`);
      if (Number.isFinite(result.difference)) maxDifference = Math.max(maxDifference, result.difference);
      phases += result.phases;
    }
    console.log(
      `planner vs oracle: ${RANDOM_INSTANCES} instances, ${RANDOM_INSTANCES - failures.length} agree, max relative difference ${maxDifference.toExponential(2)}, ${phases} optimal phases, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(failures).toEqual([]);
  }, TIMEOUT_MS);

  it('regression instances: aliasing at H 12/18/24, the platform with five assistants, empty, every item infeasible', async () => {
    const failures: string[] = [];
    for (const inst of regressionInstances()) {
      const { problems } = await compare(inst);
      if (problems.length > 0) failures.push(`${inst.name}: ${problems.join(' | ')}`);
    }
    expect(failures).toEqual([]);
    const none = regressionInstances().find((i) => i.name === 'every-item-infeasible')!;
    expect(runPlanner(none).phases).toEqual([]);
    expect(runPlanner(regressionInstances().find((i) => i.name === 'empty')!).phases).toEqual([]);
  }, TIMEOUT_MS);

  it(`for 17-40 items the stated gap is at least the true gap where the oracle finishes`, async () => {
    const stated: number[] = [];
    const truth: number[] = [];
    const failures: string[] = [];
    for (let k = 0; k < LARGE_INSTANCES; k++) {
      const inst = randomInstance(5000 + k, LARGE);
      const run = runPlanner(inst);
      const plan = checkPlan(inst, run.phases);
      if (plan.violations.length > 0) failures.push(`${inst.name}: planner plan ${plan.violations.join('; ')}`);
      const oracle = await solveOracle(inst, { maxNodes: LARGE_NODE_LIMIT });
      if (oracle.status !== 'Optimal') continue;
      const optimum = checkPlan(inst, oracle.phases).value;
      const trueGap = Math.max(0, (optimum - run.objective) / Math.max(Math.abs(optimum), 1e-9));
      if (!(run.gap >= trueGap - 1e-9)) failures.push(`${inst.name}: stated gap ${run.gap} below the true gap ${trueGap}`);
      stated.push(run.gap);
      truth.push(trueGap);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    console.log(`17-40 items: ${truth.length} of ${LARGE_INSTANCES} solved by the oracle, median stated gap ${median(stated)}, median true gap ${median(truth)}`);
    expect(failures).toEqual([]);
    expect(truth.length).toBeGreaterThanOrEqual(LARGE_INSTANCES / 2);
    expect(median(stated)).toBeLessThanOrEqual(2 * median(truth));
  }, TIMEOUT_MS);
});
