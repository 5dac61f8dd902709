import { Worker } from 'node:worker_threads';
import { ApiError } from '../problem.js';
import { type RunningTask, type TaskOutcome, workerEntry, workerFailure } from './task.js';
import type { WorkerMessage, WorkerOptions, WorkerTask } from './worker.js';

export interface PoolOptions {
  /** Most threads the pool starts (threads start on demand and are kept warm). */
  size: number;
  /** Most tasks waiting for a thread; beyond it `run` answers 503 OVERLOADED. */
  maxQueue: number;
  /** CPU niceness of the pool's threads (0: as the process). */
  niceness?: number;
  /** Heap limit of each thread, in MB (V8's old generation); a thread over it fails its task and is replaced. */
  heapLimitMb?: number;
  /** Seconds a client is told to wait when the queue is full (Retry-After). */
  retryAfterSeconds?: number;
  /** A thread idle this long is stopped, giving its memory back (0: threads are kept), in ms. */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  idle?: NodeJS.Timeout;
}

interface Waiting {
  task: WorkerTask;
  start: (slot: Slot) => void;
}

/**
 * A bounded set of long-lived worker threads (api/runs/worker.ts) for short
 * tasks: validating proposals, synchronous analyses, rendering files. Starting
 * a thread and loading its code costs more than a small task, so threads start
 * on first use and are kept; tasks beyond the pool's size wait in a bounded
 * queue (a full queue answers 503 OVERLOADED with Retry-After instead of
 * piling up work); a thread idle for `idleMs` is stopped, so its memory goes
 * back to the system. Stopping a task — timeout, client gone — terminates its
 * thread; the next task gets a fresh one.
 * @example const pool = new WorkerPool({ size: 2, maxQueue: 16 }); await pool.run({ kind: 'validate', body }).result
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    if (!(options.size >= 1)) throw new RangeError('a pool needs at least one thread');
  }

  /** Threads started so far. */
  get threads(): number {
    return this.slots.length;
  }

  private startSlot(): Slot {
    const workerData: WorkerOptions = { niceness: this.options.niceness ?? 0 };
    const worker = new Worker(workerEntry(), {
      workerData,
      ...(this.options.heapLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.heapLimitMb } } : {}),
    });
    worker.unref();
    // A thread that dies between tasks is replaced at its next use.
    worker.on('error', () => {});
    const slot: Slot = { worker, busy: false };
    worker.on('exit', () => {
      const k = this.slots.indexOf(slot);
      if (k >= 0 && !slot.busy) this.slots.splice(k, 1);
    });
    this.slots.push(slot);
    return slot;
  }

  /** A free thread: an idle one, or a new one while the pool is below its size. */
  private freeSlot(): Slot | null {
    return this.slots.find((s) => !s.busy) ?? (this.slots.length < this.options.size ? this.startSlot() : null);
  }

  /** Runs a task on the next free thread; throws ApiError OVERLOADED when the queue is full. */
  run(task: WorkerTask, onProgress: (done: number, total: number) => void = () => {}): RunningTask {
    if (this.closed) throw new ApiError('OVERLOADED', 'the server is shutting down');
    let slot: Slot | null = null;
    let stopped = false;
    // A finished task has given its thread back: stopping it then must not touch the thread.
    let finished = false;
    let rejectResult: (e: unknown) => void = () => {};
    const result = new Promise<TaskOutcome>((resolve, reject) => {
      rejectResult = reject;
      const start = (s: Slot) => {
        slot = s;
        s.busy = true;
        clearTimeout(s.idle);
        const settle = () => {
          finished = true;
          s.worker.off('message', onMessage);
          s.worker.off('error', onError);
          s.worker.off('exit', onExit);
        };
        const onMessage = (m: WorkerMessage) => {
          if (m.type === 'progress') return onProgress(m.done, m.total);
          settle();
          this.release(s);
          if (m.type === 'done') resolve({ bytes: m.bytes, facts: m.facts, tracking: m.tracking, actuals: m.actuals });
          else reject({ code: m.code, message: m.message, problems: m.problems });
        };
        const onError = (error: Error) => {
          settle();
          void this.replace(s);
          reject(workerFailure(error));
        };
        const onExit = () => {
          settle();
          void this.replace(s);
          reject({ code: 'INTERNAL', message: 'the worker thread stopped', problems: [] });
        };
        s.worker.on('message', onMessage);
        s.worker.on('error', onError);
        s.worker.on('exit', onExit);
        s.worker.postMessage(task);
      };
      const free = this.freeSlot();
      if (free) start(free);
      else if (this.queue.length >= this.options.maxQueue) {
        const retry = String(this.options.retryAfterSeconds ?? 1);
        reject(new ApiError('OVERLOADED', `all ${this.options.size} worker threads are busy and ${this.queue.length} tasks are waiting; retry in ${retry} s`, undefined, { 'retry-after': retry }));
      } else this.queue.push({ task, start });
    });
    return {
      result,
      terminate: async () => {
        if (stopped || finished) return;
        stopped = true;
        const s = slot as Slot | null;
        if (s) {
          s.worker.removeAllListeners('message');
          await this.replace(s);
        } else {
          const k = this.queue.findIndex((w) => w.task === task);
          if (k >= 0) this.queue.splice(k, 1);
        }
        rejectResult({ code: 'CANCELLED', message: 'the task was stopped', problems: [] });
      },
    };
  }

  /** A thread finished its task: give it the next waiting one, or let it idle until it is stopped. */
  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.queue.shift();
    if (next && !this.closed) {
      next.start(slot);
      return;
    }
    if (this.options.idleMs) {
      slot.idle = setTimeout(() => {
        if (slot.busy) return;
        const k = this.slots.indexOf(slot);
        if (k >= 0) this.slots.splice(k, 1);
        void slot.worker.terminate();
      }, this.options.idleMs);
      slot.idle.unref();
    }
  }

  /** Stops a thread (mid-task) and hands its place to the next waiting task on a fresh thread. */
  private async replace(slot: Slot): Promise<void> {
    clearTimeout(slot.idle);
    const k = this.slots.indexOf(slot);
    if (k >= 0) this.slots.splice(k, 1);
    slot.busy = false;
    await slot.worker.terminate();
    if (this.closed) return;
    const next = this.queue.shift();
    if (next) next.start(this.startSlot());
  }

  /** Stops every thread; waiting tasks are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.splice(0);
    for (const s of this.slots) clearTimeout(s.idle);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
