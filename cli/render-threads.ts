import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Report } from '../engine/index.js';
import type { Lang } from '../reports/i18n.js';
import { type RenderFormat, type RenderOptions, type RenderedFile, renderReport } from '../reports/renderers.js';
import type { RenderReply, RenderRequest, RenderThreadData } from '../reports/render-worker.js';

/**
 * The PDF rendered on a thread of its own: the thread is started before the
 * analysis, loads its renderer (pdfkit, fontkit, Plot, linkedom and the fonts)
 * and warms it up while the main thread simulates, and renders when the Report
 * exists, while the main thread writes the JSON and the workbook and prints.
 * The workbook stays on the main thread: a thread of its own cost more CPU
 * (its own module loading and compilation) than it saved. Without the
 * compiled worker (the CLI run from source, as in the tests) every format
 * renders in-process; the files are the same bytes either way.
 */
const WORKER = new URL('../reports/render-worker.js', import.meta.url);

/** Formats worth a thread: the PDF, with the heaviest packages, fonts and first render. */
const THREADED: ReadonlySet<RenderFormat> = new Set(['pdf']);

/**
 * Whether a core is free for a render thread beside the analysis: the
 * 1-minute load average is under the cores less half of one. On a busy
 * machine the thread's own loading and warm-up (about 0.7 s of CPU) would be
 * taken from the analysis instead of an idle core, so the PDF then renders
 * in-process, as it did before (the same bytes either way).
 */
export function coreToSpare(): boolean {
  return loadavg()[0] < availableParallelism() - 0.5;
}

export class RenderThreads {
  private readonly workers = new Map<RenderFormat, Worker>();

  /**
   * Starts a thread per heavy format in `formats` (none when the compiled
   * worker is absent), warmed up for `lang`; `entry` is the worker's module
   * (another only in tests).
   */
  constructor(formats: readonly RenderFormat[], lang?: Lang, entry: URL = WORKER) {
    if (!existsSync(fileURLToPath(entry))) return;
    for (const format of new Set(formats)) {
      if (!THREADED.has(format)) continue;
      const worker = new Worker(entry, { workerData: { format, lang } satisfies RenderThreadData });
      // A thread never keeps the command alive (an analysis that fails just exits).
      worker.unref();
      // A thread that fails before its Report is sent is dropped: the format then renders in-process.
      worker.on('error', () => {});
      worker.once('exit', () => {
        if (this.workers.get(format) === worker) this.workers.delete(format);
      });
      this.workers.set(format, worker);
    }
  }

  /** Renders a format on its thread (which then stops), or in-process when it has none. */
  render(format: RenderFormat, report: Report, lang: Lang, options: RenderOptions = {}): Promise<RenderedFile[]> {
    const worker = this.workers.get(format);
    if (!worker) return renderReport(format, report, lang, options);
    this.workers.delete(format);
    // Waiting for its answer keeps the command alive.
    worker.ref();
    return new Promise<RenderedFile[]>((resolve, reject) => {
      // A thread that dies without answering (it failed to start, ran out of memory) leaves the render to this thread: the same bytes.
      let settled = false;
      const inProcess = () => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve(renderReport(format, report, lang, options));
      };
      worker.once('error', inProcess);
      worker.once('exit', inProcess);
      worker.once('message', (reply: RenderReply) => {
        settled = true;
        worker.removeAllListeners('exit');
        void worker.terminate();
        if ('error' in reply) {
          const e = new Error(reply.error.message);
          if (reply.error.stack) e.stack = reply.error.stack;
          reject(e);
        } else resolve(reply.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) })));
      });
      worker.postMessage({ report, lang, options } satisfies RenderRequest);
    });
  }

  /** Stops the threads not used. */
  close(): void {
    for (const worker of this.workers.values()) void worker.terminate();
    this.workers.clear();
  }
}
