import { availableParallelism } from 'node:os';
import type { Lang } from '../../reports/i18n.js';
import { errorEntry, isErrorCode } from '../errors.js';
import type { Limits } from '../limits.js';
import { ANALYSIS_THREAD_IDLE_MS, ANALYSIS_THREAD_NICENESS, MAX_QUEUED_ANALYSES, MAX_QUEUED_VALIDATIONS, VALIDATION_HEAP_MB } from '../limits.js';
import { ApiError } from '../problem.js';
import { KEEP_DRAWS_MAX_VALUES, REFORECAST_MAX_TRIALS } from '../../engine/tracking/constants.js';
import { estimateRunBytes, largestTrialsWithin } from './budget.js';
import { WorkerPool } from './pool.js';
import type { RunningTask, TaskFailure } from './task.js';
import type { ActualsFacts, ActualsFormat } from './actuals.js';
import type { ProposalFacts, WorkerTask } from './worker.js';

const MB = 1024 * 1024;

/** Thrown when a task was stopped because its client went away: nothing is answered, the request log says so. */
export class ClientClosedError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientClosedError';
  }
}

/**
 * The API's way to compute without blocking its event loop: proposal
 * validation on a thread of its own (so a long analysis never delays a
 * proposal's 400) with comparisons of versions that simulate nothing;
 * analyses, analysed comparisons and file rendering on a pool of lower-priority
 * threads, each with a deadline, a bounded queue and a memory budget.
 * @example const facts = await compute.validate(body) // or throws 400 INVALID_PROPOSAL
 */
export class Compute {
  private readonly validation: WorkerPool;
  private readonly analysis: WorkerPool;

  constructor(private readonly limits: Limits) {
    this.validation = new WorkerPool({ size: 1, maxQueue: MAX_QUEUED_VALIDATIONS, heapLimitMb: VALIDATION_HEAP_MB });
    this.analysis = new WorkerPool({
      size: Math.max(1, availableParallelism()),
      maxQueue: MAX_QUEUED_ANALYSES,
      niceness: ANALYSIS_THREAD_NICENESS,
      heapLimitMb: limits.analyzeMemoryMb,
      retryAfterSeconds: Math.ceil(limits.analyzeTimeoutMs / 1000 / 4),
      idleMs: ANALYSIS_THREAD_IDLE_MS,
    });
  }

  /** Threads started so far (validation, analysis): they start on first use. */
  get threads(): { validation: number; analysis: number } {
    return { validation: this.validation.threads, analysis: this.analysis.threads };
  }

  /** Validates a proposal off the event loop: its facts, or 400 INVALID_PROPOSAL with every problem. */
  async validate(body: unknown): Promise<ProposalFacts> {
    const outcome = await this.within(this.validation.run({ kind: 'validate', body }), this.limits.validateTimeoutMs, 'validating the proposal');
    return outcome.facts!;
  }

  /**
   * Checks actuals against a proposal off the event loop, with the CLI's
   * parser: their facts, or 400 INVALID_ACTUALS naming each row and column.
   */
  async checkActuals(body: unknown, text: string, format: ActualsFormat, asOfMonth: number | undefined): Promise<ActualsFacts> {
    const task: WorkerTask = { kind: 'actuals', body, text, format, maxRows: this.limits.maxActualsRows, ...(asOfMonth === undefined ? {} : { asOfMonth }) };
    const outcome = await this.within(this.validation.run(task), this.limits.validateTimeoutMs, 'checking the actuals');
    return outcome.actuals!;
  }

  /**
   * 422 RUN_TOO_LARGE unless a run of this proposal at `trials` fits the memory
   * budget of stored runs, naming the largest trial count that does. A tracking
   * run also keeps the prior draws (at most KEEP_DRAWS_MAX_VALUES numbers) and
   * simulates a re-forecast of at most REFORECAST_MAX_TRIALS trials.
   */
  checkRunBudget(facts: ProposalFacts, trials: number, options: { tracking?: boolean } = {}): void {
    const budget = this.limits.runMemoryMb * MB;
    const extra = options.tracking ? KEEP_DRAWS_MAX_VALUES * 8 + estimateRunBytes(facts, Math.min(trials, REFORECAST_MAX_TRIALS)) : 0;
    const need = estimateRunBytes(facts, trials) + extra;
    if (need <= budget) return;
    const fits = largestTrialsWithin(facts, budget - extra, trials);
    throw new ApiError(
      'RUN_TOO_LARGE',
      `${trials.toLocaleString('en-US')} trials of this proposal (${facts.scenarios} scenarios, ${facts.inputs} uncertain inputs) would need about ${Math.ceil(need / MB)} MB; a run may use ${this.limits.runMemoryMb} MB: ${fits > 0 ? `use at most ${fits.toLocaleString('en-US')} trials` : 'split the proposal'}`,
      [{ path: 'trials', message: fits > 0 ? `at most ${fits} for this proposal` : 'the proposal is too large for any trial count' }],
    );
  }

  /**
   * Validates and analyses a proposal on the analysis pool, within the
   * synchronous time limit and memory budget: the Report's JSON bytes. The
   * signal stops the computation (the client went away: ClientClosedError).
   */
  async analyze(task: Omit<Extract<WorkerTask, { kind: 'analyze' }>, 'kind'>, signal: AbortSignal): Promise<Uint8Array> {
    // The budget is checked with the proposal's facts first: a proposal too large for its trials never reaches the pool.
    this.checkAnalysisBudget(await this.validate(task.body), task.trials);
    const outcome = await this.within(this.analysis.run({ kind: 'analyze', ...task }), this.limits.analyzeTimeoutMs, 'the analysis', signal);
    return outcome.bytes!;
  }

  /**
   * Compares two versions of a proposal: the comparison's JSON bytes. Without
   * `run` only the proposals are compared (on the validation thread); with it
   * both are analysed and the NPV changes attributed (several simulations of
   * `run.trials`), on the analysis pool within the synchronous analysis's time
   * limit and memory budget.
   */
  async diff(task: Omit<Extract<WorkerTask, { kind: 'diff' }>, 'kind'>, signal: AbortSignal): Promise<Uint8Array> {
    if (!task.run) {
      const outcome = await this.within(this.validation.run({ kind: 'diff', ...task }), this.limits.validateTimeoutMs, 'comparing the versions', signal);
      return outcome.bytes!;
    }
    // The simulations run one after another: the larger version bounds the memory.
    for (const facts of await Promise.all([this.validate(task.from), this.validate(task.to)])) this.checkAnalysisBudget(facts, task.run.trials);
    const outcome = await this.within(this.analysis.run({ kind: 'diff', ...task }), this.limits.analyzeTimeoutMs, 'comparing the analysed versions', signal);
    return outcome.bytes!;
  }

  /** 422 RUN_TOO_LARGE unless a synchronous analysis of this proposal at `trials` fits its memory budget. */
  private checkAnalysisBudget(facts: ProposalFacts, trials: number): void {
    const budget = this.limits.analyzeMemoryMb * MB;
    if (estimateRunBytes(facts, trials) <= budget) return;
    const fits = largestTrialsWithin(facts, budget, trials);
    throw new ApiError(
      'RUN_TOO_LARGE',
      `${trials.toLocaleString('en-US')} trials of this proposal would need about ${Math.ceil(estimateRunBytes(facts, trials) / MB)} MB; a synchronous analysis may use ${this.limits.analyzeMemoryMb} MB: ${fits > 0 ? `use at most ${fits.toLocaleString('en-US')} trials, or a stored run` : 'use a stored run (POST /v1/proposals/{id}/runs)'}`,
      [{ path: 'trials', message: fits > 0 ? `at most ${fits} for this proposal` : 'too large for a synchronous analysis' }],
    );
  }

  /**
   * A stored Report's JSON text with its messages rendered in `lang` (the
   * `rendered` field), on the analysis pool within the rendering time limit.
   */
  async withMessages(reportJson: string, lang: Lang, signal?: AbortSignal): Promise<Buffer> {
    const outcome = await this.within(this.analysis.run({ kind: 'messages', reportJson, lang }), this.limits.renderTimeoutMs, 'rendering the messages', signal);
    const bytes = outcome.bytes!;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Renders a Report (its stored JSON text) as a PDF or workbook on the analysis pool. */
  async render(reportJson: string, format: 'pdf' | 'xlsx', lang: Lang, signal?: AbortSignal): Promise<Buffer> {
    const outcome = await this.within(this.analysis.run({ kind: 'render', reportJson, format, lang }), this.limits.renderTimeoutMs, `rendering the ${format.toUpperCase()}`, signal);
    const bytes = outcome.bytes!;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * A task's outcome, stopped (and its thread replaced) after `timeoutMs` (503
   * TIMEOUT) or when `signal` aborts (ClientClosedError); failures become their
   * catalogue's ApiError.
   */
  private async within(task: RunningTask, timeoutMs: number, what: string, signal?: AbortSignal) {
    let timer: NodeJS.Timeout | undefined;
    let reason: 'timeout' | 'client' | null = null;
    const stop = (why: 'timeout' | 'client') => {
      reason ??= why;
      void task.terminate();
    };
    const onAbort = () => stop('client');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => stop('timeout'), timeoutMs);
    try {
      return await task.result;
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (reason === 'client') throw new ClientClosedError();
      if (reason === 'timeout') {
        throw new ApiError('TIMEOUT', `${what} took longer than ${timeoutMs / 1000} s and was stopped; use fewer trials or a stored run`);
      }
      throw failureError(e as TaskFailure);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await Promise.all([this.validation.close(), this.analysis.close()]);
  }
}

/** A task failure as the API answers it: its catalogue code when that is a client error, else a 500 (logged with the code). */
export function failureError(failure: TaskFailure): Error {
  const code = failure.code;
  if (!isErrorCode(code) || errorEntry(code).status >= 500) return new Error(`worker task failed: ${code} ${failure.message}`);
  const n = failure.problems.length;
  return new ApiError(code, n ? `${errorEntry(code).title}: ${n} problem${n === 1 ? '' : 's'} (see problems)` : failure.message, failure.problems);
}
