/**
 * Planner timing in its own process: `node dist/bench/plan-run.js <demo|forty> <trials>`
 * prints JSON with the best of three plan() timings (planning data, search,
 * portfolio simulation) after an untimed warm-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plan } from '../engine/planner/plan.js';
import { VariableSet } from '../engine/sampling/variables.js';
import { packageRoot } from '../cli/paths.js';
import { normalizeProposal } from '../scenarios/normalize.js';

const [which, trialsText] = process.argv.slice(2);
const trials = Number(trialsText);
const demo = JSON.parse(readFileSync(join(packageRoot(), 'fixtures', 'demo.json'), 'utf8'));

/** Forty items: eight copies of the demo's five single-step scenarios, three in parallel. */
function forty() {
  const base = demo.scenarios.filter((s: { stages?: unknown }) => !s.stages).map((s: object) => ({ ...s, requires: [] }));
  // Copies drop the names of named inputs (names must be unique; the correlation is left out).
  const unnamed = (s: object) => JSON.parse(JSON.stringify(s).replace(/,"name":"\w+AdoptionMidpoint"/g, ''));
  const scenarios = Array.from({ length: 8 }, (_, k) => base.map((s: { id: string; name: string }) => ({ ...unnamed(s), id: `${s.id}-${k + 1}`, name: `${s.name} ${k + 1}` }))).flat();
  return { ...demo, correlations: [], scenarios, roadmap: { capacity: 3 } };
}

const proposal = normalizeProposal(which === 'forty' ? forty() : demo);
const set = new VariableSet(proposal);
plan(proposal, set, { trials: Math.min(trials, 8192), seed: 1 });
let best = Infinity;
let outcome = plan(proposal, set, { trials: 1, seed: 1 });
for (let r = 0; r < 3; r++) {
  const t = process.hrtime.bigint();
  outcome = plan(proposal, set, { trials, seed: 12345 });
  best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
}
process.stdout.write(
  `${JSON.stringify({ which, trials, items: outcome.items.length, method: outcome.result.method, gap: outcome.result.gap, phases: outcome.roadmap.phases.length, seconds: best })}\n`,
);
