import type { RunRecord, Store } from '../store/types.js';
import { type RunningWorker, spawnRun } from './spawn.js';

export interface ExecutorOptions {
  store: Store;
  /** This server process's id (claims and recovery are per instance). */
  instanceId: string;
  /** Runs executed at once (worker threads). */
  concurrency: number;
  /** How often to look for queued runs, in ms. */
  pollMs?: number;
  /** A running run whose instance sent no heartbeat for this long is re-queued, in ms. */
  staleAfterMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface Executor {
  /** Looks for queued runs now (after a POST) instead of waiting for the next poll. */
  wake(): void;
  /** Stops claiming; waits up to `graceMs` for running analyses, then stops them and re-queues them. */
  stop(graceMs?: number): Promise<void>;
}

/** Minimum interval between progress writes for one run, in ms. */
const PROGRESS_WRITE_MS = 250;

/**
 * Executes queued runs off the request path: claims them from the store (so with
 * PostgreSQL several server processes share one queue and each run executes
 * exactly once), runs each in a worker thread, writes progress and heartbeats,
 * stops the worker when the run is cancelled, and writes the Report with the
 * final status in one transaction. At start, and then periodically, runs left
 * `running` by an instance that stopped are re-queued.
 * @example const executor = await startExecutor({ store, instanceId, concurrency: 1 })
 */
export async function startExecutor(options: ExecutorOptions): Promise<Executor> {
  const { store, instanceId, concurrency } = options;
  const pollMs = options.pollMs ?? 200;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const log = options.log ?? (() => {});
  const running = new Map<string, RunningWorker>();
  let stopped = false;
  let pumping = false;

  const recover = async (own: boolean) => {
    const n = await store.recoverRuns(new Date(Date.now() - staleAfterMs).toISOString(), own ? instanceId : undefined);
    if (n > 0) log('re-queued runs left running by a stopped instance', { count: n });
  };
  await recover(true);

  const execute = async (run: RunRecord) => {
    // One audit line per execution: with several instances, each run must appear exactly once.
    await store.audit({ tenantId: run.tenantId, actor: `instance:${instanceId}`, action: 'run', resource: 'run', resourceId: run.id });
    const proposal = await store.getProposal(run.tenantId, run.proposalId, run.proposalVersion);
    if (!proposal) {
      await store.failRun(run.id, { code: 'NOT_FOUND', message: 'the proposal version of this run no longer exists' });
      return;
    }
    let lastWrite = 0;
    let lastDone = 0;
    let cancelled = false;
    const worker = spawnRun(
      { body: proposal.body, trials: run.trials, seed: run.seed, sampler: run.sampler, createdAt: new Date().toISOString() },
      (done) => {
        lastDone = done;
        const now = Date.now();
        if (now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        void store.heartbeat(run.id, done).then((alive) => {
          if (!alive && !cancelled) {
            cancelled = true;
            void worker.terminate();
          }
        });
      },
    );
    running.set(run.id, worker);
    // A heartbeat even when a block takes long, so the run never looks abandoned.
    const beat = setInterval(() => {
      void store.heartbeat(run.id, lastDone).then((alive) => {
        if (!alive && !cancelled) {
          cancelled = true;
          void worker.terminate();
        }
      });
    }, Math.max(1000, staleAfterMs / 5));
    try {
      const report = await worker.result;
      await store.completeRun(run.id, JSON.stringify(report));
      log('run succeeded', { runId: run.id });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (cancelled || err.code === 'CANCELLED') {
        if (!stopped) log('run cancelled', { runId: run.id });
      } else {
        await store.failRun(run.id, { code: err.code ?? 'INTERNAL', message: err.message ?? 'the run failed' });
        log('run failed', { runId: run.id, code: err.code });
      }
    } finally {
      clearInterval(beat);
      running.delete(run.id);
      wake();
    }
  };

  const pump = async () => {
    if (pumping || stopped) return;
    pumping = true;
    try {
      while (!stopped && running.size < concurrency) {
        const run = await store.claimRun(instanceId);
        if (!run) break;
        void execute(run);
      }
    } catch (e) {
      log('could not claim runs', { error: (e as Error).message });
    } finally {
      pumping = false;
    }
  };
  const wake = () => void pump();
  const poll = setInterval(wake, pollMs);
  const sweep = setInterval(() => void recover(false).catch(() => {}), Math.max(5000, staleAfterMs / 2));
  wake();

  return {
    wake,
    async stop(graceMs = 10_000) {
      stopped = true;
      clearInterval(poll);
      clearInterval(sweep);
      const deadline = Date.now() + graceMs;
      while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Whatever is still running goes back to the queue for the next instance (or this one after a restart).
      await Promise.all([...running.values()].map((w) => w.terminate()));
      if (running.size > 0) await store.recoverRuns(new Date(Date.now() + 1000).toISOString(), instanceId);
    },
  };
}
