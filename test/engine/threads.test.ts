import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { simulate } from '../../engine/model/simulate.js';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { InputRanks } from '../../engine/analytics/sensitivity.js';
import { stageTrials } from '../../engine/decision/stage-trials.js';
import { scenarioReport } from '../../engine/scenario-report.js';
import type { ReportsTask } from '../../engine/threads/scenario-reports.js';
import { PARALLEL_MIN_TRIAL_MONTHS, helper, threadsFor } from '../../engine/threads/simulation-threads.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const demo = normalizeProposal(JSON.parse(readFileSync('fixtures/demo.json', 'utf8')));
const reference = normalizeProposal(JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8')));
const createdAt = '2026-01-01T00:00:00Z';

describe('simulation on helper threads (DESIGN §5: the same Report whatever the number of threads)', () => {
  it('the demo Report (roadmap included) is byte-identical on 1, 2 and 3 threads', () => {
    // 20,000 trials: three blocks, the last one short, so helpers and the caller each take some.
    const one = JSON.stringify(analyze(demo, { trials: 20_000, seed: 7, createdAt, threads: 1 }));
    expect(JSON.stringify(analyze(demo, { trials: 20_000, seed: 7, createdAt, threads: 2 }))).toBe(one);
    expect(JSON.stringify(analyze(demo, { trials: 20_000, seed: 7, createdAt, threads: 3 }))).toBe(one);
  });

  it('every per-trial column, input row, kept draw and sum agrees between 1 and 2 threads, for both samplers', () => {
    for (const sampler of ['lhs', 'mc'] as const) {
      const options = { trials: 8192 * 5 + 17, seed: 3, sampler, keepColumns: true };
      const a = simulate(reference, { ...options, threads: 1 });
      const b = simulate(reference, { ...options, threads: 2 });
      const progress: number[] = [];
      simulate(reference, { ...options, threads: 2, onProgress: (done) => progress.push(done) });
      for (const [id, x] of a.byScenario) {
        const y = b.byScenario.get(id)!;
        for (const key of ['npv', 'roi', 'roi1y', 'payback', 'discountedPayback', 'investment', 'commitment', 'implementationMonths', 'benefitPvSums', 'fan'] as const) {
          expect(Buffer.from(y[key].buffer, y[key].byteOffset, y[key].byteLength).equals(Buffer.from(x[key].buffer, x[key].byteOffset, x[key].byteLength)), `${sampler} ${key}`).toBe(true);
        }
        expect([...y.monthly!.benefit]).toEqual([...x.monthly!.benefit]);
        expect([...y.monthly!.cost]).toEqual([...x.monthly!.cost]);
      }
      a.inputs.forEach((column, v) => expect([...b.inputs[v]]).toEqual([...column]));
      a.columns!.forEach((column, v) => expect([...b.columns![v]]).toEqual([...column]));
      // Progress counts the blocks done by every thread and ends at the total.
      expect(progress.at(-1)).toBe(options.trials);
      expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
    }
  });

  it('by default a small run stays on one thread and a large one uses more; an explicit number is honoured up to one per block', () => {
    expect(threadsFor(undefined, 100, PARALLEL_MIN_TRIAL_MONTHS - 1)).toBe(1);
    expect(threadsFor(2, 100, 1)).toBe(2);
    expect(threadsFor(8, 3, 1)).toBe(3);
    expect(threadsFor(1, 100, PARALLEL_MIN_TRIAL_MONTHS * 10)).toBe(1);
  });

  it('a helper thread builds every scenario report exactly as this thread does (the claim counter gives it all of them)', () => {
    const reference = simulate(demo, { trials: 8192 * 2 + 5, seed: 4, threads: 1, sharedMemory: true });
    const { variables: _variables, columns: _columns, ...shared } = reference;
    const stages = stageTrials(demo, reference);
    const control = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const task: ReportsTask = { kind: 'reports', proposal: demo, sim: shared, stages, control, port: port2 };
    helper(0).postMessage(task, [port2]);
    while (Atomics.load(control, 1) < 1) Atomics.wait(control, 1, 0, 60_000);
    const delivered = new Map<number, unknown>();
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) delivered.set(m.message.index, m.message.report);
    expect(delivered.size).toBe(demo.scenarios.length);
    const ranks = new InputRanks(reference);
    demo.scenarios.forEach((s, i) => expect(JSON.stringify(delivered.get(i))).toBe(JSON.stringify(scenarioReport(demo, s, reference, ranks, stages.get(s.id)))));
  });
});
