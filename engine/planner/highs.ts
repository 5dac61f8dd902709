/// <reference types="node" />
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

/** What HiGHS returns for a model (the fields the planner reads; highs-js returns more). */
export interface HighsSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Name: string; Primal: number; Type?: string }>;
  Rows: { Name: string; Primal: number }[];
}

export type HighsOptions = Record<string, string | number | boolean>;

/**
 * The worker's code. HiGHS compiled to WebAssembly only loads asynchronously,
 * and analyze() is synchronous by contract, so HiGHS lives in a worker thread
 * and the caller blocks on Atomics.wait until the answer is posted back.
 * Evaluated code rather than a file, so it runs the same from source, from
 * dist/ and from the bundled CLI.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag, highsPath } = workerData;
const signal = new Int32Array(flag);
const loading = require(highsPath)();
port.on('message', async ({ lp, options }) => {
  let answer;
  try {
    const highs = await loading;
    answer = { solution: highs.solve(lp, options) };
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

/** A guard against a hung solver, far above any model the planner builds; not a limit that shapes results. */
const SOLVE_GUARD_MS = 10 * 60_000;

interface Bridge {
  port: MessagePort;
  signal: Int32Array;
}
let bridge: Bridge | null = null;

function start(): Bridge {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const highsPath = createRequire(import.meta.url).resolve('highs');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag, highsPath }, transferList: [port2] });
  // The worker idles between solves; it must not keep the process alive.
  worker.unref();
  port1.unref();
  return { port: port1, signal: new Int32Array(flag) };
}

/**
 * Solves a model in CPLEX LP format with HiGHS, synchronously. Options are
 * HiGHS options (https://ergo-code.github.io/HiGHS/stable/options/definitions/);
 * the planner passes only deterministic ones (no time limits).
 * @example solveLp('Maximize\n obj: x\nSubject To\n c: x <= 2\nEnd').ObjectiveValue // 2
 */
export function solveLp(lp: string, options: HighsOptions = {}): HighsSolution {
  bridge ??= start();
  const { port, signal } = bridge;
  Atomics.store(signal, 0, 0);
  port.postMessage({ lp, options });
  if (Atomics.wait(signal, 0, 0, SOLVE_GUARD_MS) === 'timed-out') throw new Error(`HiGHS did not answer within ${SOLVE_GUARD_MS / 1000} s`);
  const answer = receiveMessageOnPort(port)?.message as { solution?: HighsSolution; error?: string } | undefined;
  if (!answer?.solution) throw new Error(`HiGHS failed: ${answer?.error ?? 'no answer'}`);
  return answer.solution;
}
