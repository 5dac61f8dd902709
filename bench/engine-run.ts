/**
 * One engine measurement in its own process (so peak memory is this run's):
 * `node dist/bench/engine-run.js <proposal> <trials> <sampler>` prints JSON with
 * the best of three timings of simulate() and of the whole analyze() (as the
 * C reference is timed best of three), and the peak RSS.
 */
import { analyze } from '../engine/analyze.js';
import { simulate } from '../engine/simulate.js';
import type { Sampler } from '../engine/sampling.js';
import { loadProposal } from '../scenarios/load.js';

const [file, trialsText, sampler = 'lhs'] = process.argv.slice(2);
const trials = Number(trialsText);
const proposal = loadProposal(file);
const seconds = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
// One untimed warm-up at a small size lets the JIT compile the hot loops, as the C binary is compiled ahead.
analyze(proposal, { trials: Math.min(trials, 20_000), seed: 1, sampler: sampler as Sampler });
const REPEATS = 3;
let simulateSeconds = Infinity;
let analyzeSeconds = Infinity;
let npvMean = 0;
for (let r = 0; r < REPEATS; r++) {
  simulateSeconds = Math.min(simulateSeconds, seconds(() => simulate(proposal, { trials, seed: 12345, sampler: sampler as Sampler })));
  analyzeSeconds = Math.min(
    analyzeSeconds,
    seconds(() => {
      npvMean = analyze(proposal, { trials, seed: 12345, sampler: sampler as Sampler }).scenarios[0].npv.mean ?? NaN;
    }),
  );
}
process.stdout.write(
  `${JSON.stringify({
    trials,
    scenarios: proposal.scenarios.length,
    months: proposal.horizonMonths,
    sampler,
    simulateSeconds,
    analyzeSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    npvMean,
  })}\n`,
);
