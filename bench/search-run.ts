/**
 * Search timing in its own process: `node dist/bench/search-run.js` prints JSON
 * with the search alone (best of three after a warm-up) on the demo's 10 plan
 * items, and on seeded random problems of 20 and 40 items (bench/search-instances.ts,
 * the tests' generator with 36-month horizons and 3–6-month phases): per size the
 * median and the slowest time, the methods used, how many were proven optimal
 * and the largest stated gap.
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
import { randomSearchProblem } from './search-instances.js';

function timed(p: SearchProblem, runs: number): { seconds: number; result: SearchResult } {
  let result = search(p, 1);
  let seconds = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    result = search(p, 1);
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds, result };
}

const rows: object[] = [];
{
  const proposal = normalizeProposal(JSON.parse(readFileSync(join(packageRoot(), 'fixtures', 'demo.json'), 'utf8')));
  const set = new VariableSet(proposal);
  const p = searchProblem(proposal, planningData(proposal, planItems(proposal), set, { trials: 8192, seed: 1 }));
  const { seconds, result } = timed(p, 3);
  rows.push({ problem: 'demo', items: p.n, instances: 1, medianSeconds: seconds, maxSeconds: seconds, methods: [result.method], proven: result.proven ? 1 : 0, maxGap: result.gap });
}
const instances = Number(process.argv[2] ?? 10);
for (const n of [20, 40]) {
  const runs = Array.from({ length: instances }, (_, k) => timed(randomSearchProblem(n * 1000 + k, n, { horizon: [36, 36], phaseMin: [3, 3], phaseMax: 6 }), 1));
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  rows.push({
    problem: `random-${n}`,
    items: n,
    instances,
    medianSeconds: times[Math.floor(times.length / 2)],
    maxSeconds: times[times.length - 1],
    methods: [...new Set(runs.map((r) => r.result.method))].sort(),
    proven: runs.filter((r) => r.result.proven).length,
    maxGap: Math.max(...runs.map((r) => r.result.gap)),
  });
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
