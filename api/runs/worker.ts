/**
 * The API's worker thread: everything CPU-bound the API does runs here, never
 * on the event loop's thread — validating a proposal, analysing it, comparing
 * two of its versions, rendering a Report as PDF or XLSX or its messages as
 * sentences. Results leave the thread as bytes (a transferred
 * buffer: the Report's JSON text, the PDF, the workbook), so the main thread
 * neither clones an object graph nor re-serialises a Report.
 *
 * Started with `workerData.task` it runs that one task and exits (a stored run,
 * whose memory goes back to the system with the thread); started without, it
 * serves tasks posted to it one after another (the pools of api/runs/pool.ts).
 * `workerData.niceness` lowers this thread's CPU priority (Linux applies
 * setpriority(0) to the calling thread only), so a long run yields the CPU to
 * the thread that answers requests.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyze } from '../../engine/analyze.js';
import { track } from '../../engine/tracking/track.js';
import { compareVersions } from '../../engine/analytics/version-comparison.js';
import { ClosedloopError, type Problem } from '../../engine/errors.js';
import { isUncertain } from '../../engine/model/proposal.js';
import type { Proposal } from '../../engine/model/proposal.js';
import { walkQuantities } from '../../engine/sampling/variables.js';
import type { Report } from '../../engine/report.js';
import type { Lang } from '../../reports/i18n.js';
import type { RenderedMessages } from '../../reports/view/messages.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { type ActualsFacts, type ActualsFormat, readActuals } from './actuals.js';

/** What a validated proposal tells the API: what the store keeps next to it, and its size for the memory budget. */
export interface ProposalFacts {
  customer: string;
  inputHash: string;
  scenarios: number;
  /** Uncertain inputs (columns sampled per trial). */
  inputs: number;
  horizonMonths: number;
  roadmap: boolean;
}

export type WorkerTask =
  | { kind: 'validate'; body: unknown }
  /** `lang`: also render the Report's messages in it (the answer's `rendered` block). */
  | { kind: 'analyze'; body: unknown; trials: number; seed: number; sampler: 'lhs' | 'mc'; createdAt: string; lang?: Lang }
  /** Checks actuals against a proposal (as `closedloop track --actuals` does): their facts, or INVALID_ACTUALS. */
  | { kind: 'actuals'; body: unknown; text: string; format: ActualsFormat; asOfMonth?: number; maxRows: number }
  /** A tracking run: the Report of `closedloop track` for the proposal, the actuals, seed and trials. */
  | { kind: 'track'; body: unknown; text: string; format: ActualsFormat; asOfMonth: number; maxRows: number; trials: number; seed: number; sampler: 'lhs' | 'mc'; createdAt: string }
  | { kind: 'render'; reportJson: string; format: 'pdf' | 'xlsx'; lang: Lang }
  /** A stored Report's JSON with its messages rendered in `lang` added as `rendered`. */
  | { kind: 'messages'; reportJson: string; lang: Lang }
  /**
   * Two stored versions of a proposal compared (GET /v1/proposals/{id}/diff);
   * with `run`, both are analysed and the NPV changes attributed. `head` is
   * written first in the answer (the proposal's id and the two versions).
   */
  | { kind: 'diff'; head: Record<string, unknown>; from: unknown; to: unknown; run: { trials: number; seed: number } | null };

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  /**
   * `bytes`: the Report's JSON (analyze, track), the comparison's JSON (diff) or the file (render), transferred;
   * `facts`: validate's answer; `tracking`: a tracking run's `tracking` block as its own JSON, transferred;
   * `actuals`: the actuals check's answer.
   */
  | { type: 'done'; bytes?: Uint8Array; facts?: ProposalFacts; tracking?: Uint8Array; actuals?: ActualsFacts }
  | { type: 'error'; code: string; message: string; problems: Problem[] };

/** Options a worker thread is started with. */
export interface WorkerOptions {
  task?: WorkerTask;
  niceness?: number;
}

/** The facts of a normalised proposal. */
function factsOf(body: unknown): ProposalFacts {
  const proposal = normalizeProposal(body);
  return {
    customer: proposal.customer.name,
    inputHash: proposal.inputHash,
    scenarios: proposal.scenarios.length,
    inputs: uncertainInputs(proposal),
    horizonMonths: proposal.horizonMonths,
    roadmap: proposal.roadmap !== undefined,
  };
}

/** The uncertain inputs of a proposal (as the engine's VariableSet counts them), without building their distributions. */
function uncertainInputs(proposal: Proposal): number {
  let n = Object.values(proposal.assumptions).filter((q) => isUncertain(q)).length;
  for (const scenario of proposal.scenarios) {
    walkQuantities(scenario, (q) => {
      if (isUncertain(q)) n++;
    });
  }
  for (const c of proposal.roadmap?.sharedComponents ?? []) if (isUncertain(c.cost)) n++;
  return n;
}

/** A fresh buffer of the text's UTF-8 bytes (its own ArrayBuffer, so it can be transferred). */
function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/**
 * Through the renderer registry (reports/renderers.ts), the one the CLI uses
 * too; it loads a renderer on first use, so threads that only validate or
 * analyse never load the PDF and workbook code.
 */
async function render(reportJson: string, format: 'pdf' | 'xlsx', lang: Lang): Promise<Uint8Array> {
  const report = JSON.parse(reportJson);
  const [file] = await (await import('../../reports/renderers.js')).renderReport(format, report, lang);
  const bytes = file.bytes;
  // A copy with its own ArrayBuffer: Buffers may share a pool, which cannot be transferred.
  return new Uint8Array(bytes);
}

/** The Report's messages in a language, through the view (loaded on first use, like the renderers). */
async function rendered(report: Report, lang: Lang): Promise<RenderedMessages> {
  return (await import('../../reports/view/messages.js')).renderedMessages(report, lang);
}

/**
 * A Report's JSON text with `rendered` added as its last field: the stored
 * text is kept as it is (byte for byte up to its closing brace).
 */
async function withRendered(reportJson: string, lang: Lang): Promise<string> {
  const end = reportJson.lastIndexOf('}');
  return `${reportJson.slice(0, end)},"rendered":${JSON.stringify(await rendered(JSON.parse(reportJson), lang))}}`;
}

/** What an analysis, a comparison or a Report with its messages hands back as JSON text. */
async function computed(task: Extract<WorkerTask, { kind: 'analyze' | 'diff' | 'messages' }>, post: (m: WorkerMessage) => void): Promise<string> {
  if (task.kind === 'messages') return withRendered(task.reportJson, task.lang);
  if (task.kind === 'diff') {
    // The same function as `closedloop diff --json`, so the API and the CLI agree.
    return JSON.stringify({ ...task.head, ...compareVersions(normalizeProposal(task.from), normalizeProposal(task.to), task.run ?? undefined) });
  }
  const report = analyze(normalizeProposal(task.body), {
    trials: task.trials,
    seed: task.seed,
    sampler: task.sampler,
    createdAt: task.createdAt,
    onProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  return JSON.stringify(task.lang ? { ...report, rendered: await rendered(report, task.lang) } : report);
}

async function execute(task: WorkerTask, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  try {
    if (task.kind === 'validate') {
      post({ type: 'done', facts: factsOf(task.body) });
      return;
    }
    if (task.kind === 'actuals') {
      post({ type: 'done', actuals: readActuals(task.text, task.format, normalizeProposal(task.body), task).facts });
      return;
    }
    if (task.kind === 'track') {
      const proposal = normalizeProposal(task.body);
      const { actuals } = readActuals(task.text, task.format, proposal, task);
      const report = track(proposal, actuals, {
        trials: task.trials,
        seed: task.seed,
        sampler: task.sampler,
        createdAt: task.createdAt,
        onProgress: (done, total) => post({ type: 'progress', done, total }),
      });
      const bytes = utf8(JSON.stringify(report));
      const tracking = utf8(JSON.stringify(report.tracking));
      post({ type: 'done', bytes, tracking }, [bytes.buffer as ArrayBuffer, tracking.buffer as ArrayBuffer]);
      return;
    }
    const bytes = task.kind === 'render' ? await render(task.reportJson, task.format, task.lang) : utf8(await computed(task, post));
    post({ type: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof ClosedloopError) post({ type: 'error', code: e.code, message: e.message, problems: e.problems });
    else post({ type: 'error', code: 'INTERNAL', message: 'the computation failed unexpectedly', problems: [] });
  }
}

const options = (workerData ?? {}) as WorkerOptions;
if (options.niceness) {
  try {
    setPriority(options.niceness);
  } catch {
    // Lowering a priority is always allowed on Linux; elsewhere the thread keeps the process's.
  }
}
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer);
if (options.task) void execute(options.task, post);
else parentPort!.on('message', (task: WorkerTask) => void execute(task, post));
