/**
 * `node dist/bench/track-run.js <proposal> <actuals> <trials>` prints JSON with
 * the best of three in-process timings of analyze() and of track() (which
 * includes the same analysis), after one untimed warm-up of each, and the
 * update methods track() used.
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../engine/analyze.js';
import { track } from '../engine/tracking/track.js';
import { parseActuals } from '../scenarios/actuals.js';
import { loadProposal } from '../scenarios/load.js';

const [file, actualsFile, trialsText] = process.argv.slice(2);
const trials = Number(trialsText);
const proposal = loadProposal(file);
const actuals = parseActuals(readFileSync(actualsFile, 'utf8'), proposal, { source: actualsFile });
const seconds = (f: () => void) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
analyze(proposal, { trials: Math.min(trials, 20_000), seed: 1 });
track(proposal, actuals, { trials: Math.min(trials, 20_000), seed: 1 });
const REPEATS = 3;
let analyzeSeconds = Infinity;
let trackSeconds = Infinity;
let methods: string[] = [];
for (let r = 0; r < REPEATS; r++) {
  analyzeSeconds = Math.min(analyzeSeconds, seconds(() => analyze(proposal, { trials, seed: 12345 })));
  trackSeconds = Math.min(
    trackSeconds,
    seconds(() => {
      methods = track(proposal, actuals, { trials, seed: 12345 }).tracking!.updates.map((u) => u.method);
    }),
  );
}
process.stdout.write(`${JSON.stringify({ trials, analyzeSeconds, trackSeconds, ratio: trackSeconds / analyzeSeconds, methods })}\n`);
