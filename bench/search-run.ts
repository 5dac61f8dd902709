/**
 * Search timing in its own process: `node dist/bench/search-run.js` prints JSON
 * with the search alone (best of three after a warm-up) on the demo's 10 plan
 * items, and on seeded random problems of 20 and 40 items (bench/search-instances.ts,
 * the tests' generator with 36-month horizons and 3–6-month phases), and on the
 * hard family of 20 and 40 items (loose budgets, few prerequisites, 48-month
 * horizon, 2–6-month phases, capacity 2–3: nothing prunes the candidate phases,
 * so the dynamic programme must bound its way through or hand over to the MILP):
 * per size the median and the slowest time (wall and CPU, HiGHS's worker thread
 * included), the methods used, how many were proven optimal and the largest
 * stated gap. Arguments: instances per random size (10), of hard-20 (same), of hard-40 (as hard-20).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/paths.js';
import { planningData } from '../engine/planner/item-data.js';
import { planItems } from '../engine/planner/items.js';
import { searchProblem } from '../engine/planner/plan.js';
import { type SearchProblem, type SearchResult, search } from '../engine/planner/search.js';
import { VariableSet } from '../engine/sampling/variables.js';
import { normalizeProposal } from '../scenarios/normalize.js';
import { HARD_SHAPE, randomSearchProblem } from './search-instances.js';

/** Best of `runs` timings, after an untimed warm-up unless `warm` is false (the hard instances take seconds each). */
function timed(p: SearchProblem, runs: number, warm = true): { seconds: number; cpuSeconds: number; result: SearchResult } {
  let result = warm ? search(p, 1) : (null as unknown as SearchResult);
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    result = search(p, 1);
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t) / 1e9);
    const used = process.cpuUsage(cpu);
    cpuSeconds = Math.min(cpuSeconds, (used.user + used.system) / 1e6);
  }
  return { seconds, cpuSeconds, result };
}

const rows: object[] = [];
{
  const proposal = normalizeProposal(JSON.parse(readFileSync(join(packageRoot(), 'fixtures', 'demo.json'), 'utf8')));
  const set = new VariableSet(proposal);
  const p = searchProblem(proposal, planningData(proposal, planItems(proposal), set, { trials: 8192, seed: 1 }));
  const { seconds, cpuSeconds, result } = timed(p, 3);
  rows.push({ problem: 'demo', items: p.n, instances: 1, medianSeconds: seconds, maxSeconds: seconds, medianCpuSeconds: cpuSeconds, maxCpuSeconds: cpuSeconds, methods: [result.method], proven: result.proven ? 1 : 0, maxGap: result.gap });
}
const instances = Number(process.argv[2] ?? 10);
const hardInstances = Number(process.argv[3] ?? instances);
const hardLarge = Number(process.argv[4] ?? hardInstances);
type Family = [string, number, number, (k: number) => SearchProblem, boolean];
const families: Family[] = [20, 40].flatMap((n): Family[] => [
  [`random-${n}`, n, instances, (k) => randomSearchProblem(n * 1000 + k, n, { horizon: [36, 36], phaseMin: [3, 3], phaseMax: 6 }), true],
  [`hard-${n}`, n, n > 20 ? hardLarge : hardInstances, (k) => randomSearchProblem(n * 7919 + k, n, HARD_SHAPE), false],
]);
for (const [problem, n, count, make, warm] of families) {
  if (count === 0) continue;
  const runs = Array.from({ length: count }, (_, k) => timed(make(k), 1, warm));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({
    problem,
    items: n,
    instances: count,
    medianSeconds: median(runs.map((r) => r.seconds)),
    maxSeconds: Math.max(...runs.map((r) => r.seconds)),
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    maxCpuSeconds: Math.max(...runs.map((r) => r.cpuSeconds)),
    methods: [...new Set(runs.map((r) => r.result.method))].sort(),
    proven: runs.filter((r) => r.result.proven).length,
    maxGap: Math.max(...runs.map((r) => r.result.gap)),
  });
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
