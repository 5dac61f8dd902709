/**
 * A thread that renders one file format (its `workerData.format`): it loads
 * the renderer as soon as it starts — the packages, and for the PDF the
 * fonts — and warms it up, so that this happens while the main thread is
 * still analysing, and then renders each Report it is sent. Started by cli/render-threads.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../engine/index.js';
import type { Lang } from './i18n.js';
import { type RenderFormat, type RenderOptions, rendererFor } from './renderers.js';

/** What the main thread sends: one render. */
export interface RenderRequest {
  report: Report;
  lang: Lang;
  options: RenderOptions;
}

/** What the thread answers: the files, or the error's message and stack. */
export type RenderReply = { files: { name: string; bytes: Uint8Array }[] } | { error: { message: string; stack?: string } };

/** What the thread is started with: its format and the language it will most likely render in (for the warm-up). */
export interface RenderThreadData {
  format: RenderFormat;
  lang?: Lang;
}

const port = parentPort!;
const { format, lang } = workerData as RenderThreadData;
const entry = rendererFor(format);
const loading = entry.load().then(async (render) => {
  // A warm-up that fails only leaves the first render slower.
  if (lang && entry.warmUp) await entry.warmUp(lang).catch(() => {});
  return render;
});
// A failed load is answered at the first request (and not reported twice as unhandled).
loading.catch(() => {});

port.on('message', (request: RenderRequest) => {
  void (async () => {
    try {
      const render = await loading;
      const files = await render(request.report, request.lang, request.options);
      port.postMessage({ files } satisfies RenderReply);
    } catch (e) {
      const error = e instanceof Error ? { message: e.message, stack: e.stack } : { message: String(e) };
      port.postMessage({ error } satisfies RenderReply);
    }
  })();
});
