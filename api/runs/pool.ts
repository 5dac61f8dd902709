import { Worker } from 'node:worker_threads';
import type { RunningWorker } from './spawn.js';
import { workerEntry } from './spawn.js';
import type { RunTask, WorkerMessage } from './worker.js';

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Waiting {
  task: RunTask;
  onProgress: (done: number, total: number) => void;
  start: (slot: Slot) => void;
}

/**
 * A fixed set of long-lived worker threads for short analyses (POST /v1/analyze):
 * starting a thread and loading the engine costs more than a small analysis, so
 * threads are kept and fed one task at a time. Tasks beyond the pool's size wait
 * their turn. Stopping a task terminates its thread and starts a fresh one.
 * @example const pool = new WorkerPool(2); await pool.run(task, () => {}).result
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.startSlot());
  }

  private startSlot(): Slot {
    const worker = new Worker(workerEntry());
    worker.unref();
    return { worker, busy: false };
  }

  /** Runs a task on the next free thread. */
  run(task: RunTask, onProgress: (done: number, total: number) => void): RunningWorker {
    let slot: Slot | null = null;
    let stopped = false;
    // A finished task has given its thread back: stopping it then must not touch the thread.
    let finished = false;
    let rejectResult: (e: unknown) => void = () => {};
    const result = new Promise<unknown>((resolve, reject) => {
      rejectResult = reject;
      const start = (s: Slot) => {
        slot = s;
        s.busy = true;
        const onMessage = (m: WorkerMessage) => {
          if (m.type === 'progress') return onProgress(m.done, m.total);
          finished = true;
          s.worker.off('message', onMessage);
          s.worker.off('error', onError);
          this.release(s);
          if (m.type === 'done') resolve(m.report);
          else reject({ code: m.code, message: m.message });
        };
        const onError = () => {
          finished = true;
          s.worker.off('message', onMessage);
          this.replace(s);
          reject({ code: 'INTERNAL', message: 'the analysis worker failed' });
        };
        s.worker.on('message', onMessage);
        s.worker.on('error', onError);
        s.worker.postMessage(task);
      };
      const free = this.slots.find((s) => !s.busy);
      if (free) start(free);
      else this.queue.push({ task, onProgress, start });
    });
    return {
      result,
      terminate: async () => {
        if (stopped || finished) return;
        stopped = true;
        const s = slot as Slot | null;
        if (s) {
          s.worker.removeAllListeners('message');
          s.worker.removeAllListeners('error');
          await this.replace(s);
        } else {
          const k = this.queue.findIndex((w) => w.task === task);
          if (k >= 0) this.queue.splice(k, 1);
        }
        rejectResult({ code: 'CANCELLED', message: 'the analysis was stopped' });
      },
    };
  }

  /** A thread finished its task: give it the next waiting one. */
  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.queue.shift();
    if (next && !this.closed) next.start(slot);
  }

  /** Stops a thread (mid-task) and puts a fresh one in its place. */
  private async replace(slot: Slot): Promise<void> {
    const k = this.slots.indexOf(slot);
    await slot.worker.terminate();
    if (k < 0 || this.closed) return;
    const fresh = this.startSlot();
    this.slots[k] = fresh;
    const next = this.queue.shift();
    if (next) next.start(fresh);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
