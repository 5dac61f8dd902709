import { RUN_MEMORY_MB, RUN_THREAD_IDLE_MS, RUN_THREAD_NICENESS } from '../limits.js';
import type { RunRecord, Store } from '../store/types.js';
import { WorkerPool } from './pool.js';
import type { RunningTask, TaskFailure } from './task.js';

export interface ExecutorOptions {
  store: Store;
  /** This server process's id (claims and recovery are per instance). */
  instanceId: string;
  /** Runs executed at once by this instance (worker threads); never exceeded. */
  concurrency: number;
  /** How often to look for queued runs, in ms. */
  pollMs?: number;
  /** A running run whose instance sent no heartbeat for this long is re-queued, in ms. */
  staleAfterMs?: number;
  /** Heap limit of a run's thread, in MB (the memory budget of a run). */
  memoryMb?: number;
  /** CPU niceness of run threads (0: as the process). */
  niceness?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Called whenever the number of runs this instance executes changes (tests observe the peak). */
  onActiveChange?: (active: number) => void;
}

export interface Executor {
  /** Looks for queued runs now (after a POST) instead of waiting for the next poll. */
  wake(): void;
  /** Runs this instance is executing or claiming right now (≤ concurrency). */
  readonly active: number;
  /** Stops claiming; waits up to `graceMs` for running analyses, then stops them and re-queues them. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Minimum interval between progress writes for one run, in ms: a second is as
 * fine as a progress bar needs, and every write is a commit (on SQLite with
 * synchronous=FULL, an fsync on the request thread).
 */
const PROGRESS_WRITE_MS = 1000;

/**
 * Executes queued runs off the request path: claims them from the store (so with
 * PostgreSQL several server processes share one queue and each run executes
 * exactly once), runs each on a thread of its own pool (threads are kept warm
 * between runs and stopped when idle), writes progress and
 * heartbeats, stops the worker when the run is cancelled, and writes the
 * Report's JSON with the final status in one transaction. At start, and then
 * periodically, runs left `running` by an instance that stopped are re-queued.
 *
 * The concurrency is a hard limit: a slot is taken before a claim is even
 * attempted and given back only when the run's thread has ended, so neither
 * the awaits between claiming and starting nor overlapping wake-ups can start
 * more runs than there are slots. An instance therefore claims only what it
 * can run; the runs it leaves queued go to the other instances.
 * @example const executor = await startExecutor({ store, instanceId, concurrency: 1 })
 */
export async function startExecutor(options: ExecutorOptions): Promise<Executor> {
  const { store, instanceId, concurrency } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  const pollMs = options.pollMs ?? 200;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const memoryMb = options.memoryMb ?? RUN_MEMORY_MB;
  const niceness = options.niceness ?? RUN_THREAD_NICENESS;
  const log = options.log ?? (() => {});
  const running = new Map<string, RunningTask>();
  // One thread per slot; the executor only starts a run when a slot is free, so the pool never queues.
  const threads = new WorkerPool({ size: concurrency, maxQueue: concurrency, niceness, heapLimitMb: memoryMb, idleMs: RUN_THREAD_IDLE_MS });
  let slots = 0;
  let stopped = false;
  const setSlots = (n: number) => {
    slots = n;
    options.onActiveChange?.(slots);
  };

  const recover = async (own: boolean) => {
    const n = await store.recoverRuns(new Date(Date.now() - staleAfterMs).toISOString(), own ? instanceId : undefined);
    if (n > 0) log('re-queued runs left running by a stopped instance', { count: n });
  };
  await recover(true);

  const execute = async (run: RunRecord) => {
    let cancelled = false;
    let task: RunningTask | null = null;
    const stopIfGone = (alive: boolean) => {
      if (!alive && !cancelled) {
        cancelled = true;
        void task?.terminate();
      }
    };
    // One audit line per execution: with several instances, each run must appear exactly once.
    await store.audit({ tenantId: run.tenantId, actor: `instance:${instanceId}`, action: 'run', resource: 'run', resourceId: run.id });
    const proposal = await store.getProposal(run.tenantId, run.proposalId, run.proposalVersion);
    if (!proposal) {
      await store.failRun(run.id, { code: 'NOT_FOUND', message: 'the proposal version of this run no longer exists' });
      return;
    }
    const actuals = run.actualsVersion === null ? null : await store.getActuals(run.tenantId, run.proposalId, run.actualsVersion);
    if (run.actualsVersion !== null && !actuals) {
      await store.failRun(run.id, { code: 'NOT_FOUND', message: 'the actuals version of this run no longer exists' });
      return;
    }
    const settings = { body: proposal.body, trials: run.trials, seed: run.seed, sampler: run.sampler, createdAt: new Date().toISOString() };
    let lastWrite = 0;
    let lastDone = 0;
    task = threads.run(
      actuals
        ? // A tracking run; its rows were counted at upload and checked again when it was queued.
          { kind: 'track', ...settings, text: actuals.body, format: actuals.format, asOfMonth: run.asOfMonth ?? actuals.asOfMonth, maxRows: Number.MAX_SAFE_INTEGER }
        : { kind: 'analyze', ...settings },
      (done) => {
        lastDone = done;
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        void store.heartbeat(run.id, done).then(stopIfGone, () => {});
      },
    );
    running.set(run.id, task);
    // A heartbeat even when a block takes long, so the run never looks abandoned.
    const beat = setInterval(() => void store.heartbeat(run.id, lastDone).then(stopIfGone, () => {}), Math.max(1000, staleAfterMs / 5));
    try {
      const { bytes, tracking } = await task.result;
      // The Report arrives as its JSON bytes (a tracking run's `tracking` block too); the store keeps that text.
      const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
      await store.completeRun(run.id, text(bytes!), tracking ? text(tracking) : null);
      log('run succeeded', { runId: run.id });
    } catch (e) {
      const err = e as Partial<TaskFailure> & { message?: string };
      if (cancelled || err.code === 'CANCELLED') {
        if (!stopped) log('run cancelled', { runId: run.id });
      } else {
        await store.failRun(run.id, { code: err.code ?? 'INTERNAL', message: err.message ?? 'the run failed' });
        log('run failed', { runId: run.id, code: err.code });
      }
    } finally {
      clearInterval(beat);
      running.delete(run.id);
    }
  };

  /**
   * Takes a free slot and claims a run into it; a successful claim tries the
   * next slot at once. Each slot is held from before its claim until its run's
   * thread has ended.
   */
  const pump = (): void => {
    if (stopped || slots >= concurrency) return;
    setSlots(slots + 1);
    void (async () => {
      let claimed = false;
      try {
        const run = await store.claimRun(instanceId);
        if (!run) return;
        claimed = true;
        pump();
        await execute(run);
      } catch (e) {
        log('could not claim or execute a run', { error: (e as Error).message });
      } finally {
        setSlots(slots - 1);
        // A finished run frees its slot for the next queued one at once.
        if (claimed) pump();
      }
    })();
  };
  const poll = setInterval(pump, pollMs);
  const sweep = setInterval(() => void recover(false).catch(() => {}), Math.max(5000, staleAfterMs / 2));
  pump();

  return {
    wake: pump,
    get active() {
      return slots;
    },
    async stop(graceMs = 10_000) {
      stopped = true;
      clearInterval(poll);
      clearInterval(sweep);
      const deadline = Date.now() + graceMs;
      while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Whatever is still running goes back to the queue for the next instance (or this one after a restart).
      const left = running.size;
      await Promise.all([...running.values()].map((w) => w.terminate()));
      await threads.close();
      if (left > 0) await store.recoverRuns(new Date(Date.now() + 1000).toISOString(), instanceId);
    },
  };
}
