/**
 * One engine measurement in its own process (so peak memory is this run's):
 * `node dist/bench/engine-run.js <proposal> <trials> <sampler> [threads]` prints JSON with
 * the best of three timings of simulate() and of the whole analyze() (as the
 * C reference is timed best of three), and the peak RSS. Threads default to 1:
 * the engine's speed per core, against the single-threaded C reference.
 */
import { analyze } from '../engine/analyze.js';
import { rankingRobustness } from '../engine/decision/ranking.js';
import { InputRanks, sensitivity } from '../engine/analytics/sensitivity.js';
import { simulate } from '../engine/model/simulate.js';
import { valueOfInformation } from '../engine/analytics/value-of-information.js';
import type { Sampler } from '../engine/sampling/samplers.js';
import { loadProposal } from '../scenarios/load.js';

const [file, trialsText, sampler = 'lhs', threadsText = '1'] = process.argv.slice(2);
const threads = Number(threadsText);
const trials = Number(trialsText);
const proposal = loadProposal(file);
const seconds = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
// One untimed warm-up at a small size lets the JIT compile the hot loops, as the C binary is compiled ahead.
analyze(proposal, { trials: Math.min(trials, 20_000), seed: 1, sampler: sampler as Sampler, threads });
const REPEATS = 3;
let simulateSeconds = Infinity;
let analyzeSeconds = Infinity;
let analyticsSeconds = Infinity;
let npvMean = 0;
for (let r = 0; r < REPEATS; r++) {
  let sim = simulate(proposal, { trials: 1, seed: 1 });
  simulateSeconds = Math.min(
    simulateSeconds,
    seconds(() => {
      sim = simulate(proposal, { trials, seed: 12345, sampler: sampler as Sampler, threads });
    }),
  );
  // The decision analytics alone: sensitivity of every scenario, ranking robustness, value of information.
  analyticsSeconds = Math.min(
    analyticsSeconds,
    seconds(() => {
      const ranks = new InputRanks(sim);
      for (const s of proposal.scenarios) sensitivity(proposal, s, sim, ranks);
      rankingRobustness(
        proposal.scenarios.map((s) => s.id),
        proposal.scenarios.map((s) => sim.byScenario.get(s.id)!.npv),
      );
      valueOfInformation(proposal, sim, ranks);
    }),
  );
  analyzeSeconds = Math.min(
    analyzeSeconds,
    seconds(() => {
      npvMean = analyze(proposal, { trials, seed: 12345, sampler: sampler as Sampler, threads }).scenarios[0].npv.mean ?? NaN;
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
    analyticsSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    npvMean,
  })}\n`,
);
