import type { Proposal, Report } from '../engine/index.js';
import type { Lang } from './i18n.js';

/**
 * Every file format a Report is rendered to, in one registry: its media type,
 * its file extension and its renderer, loaded on first use (a dynamic import),
 * so that a command loads only the renderers it uses — pdfkit, Plot and
 * exceljs are not needed for a table in the terminal. The CLI and the API
 * render through `renderReport`.
 */

/** A rendered file: its name (for a single-file format, `report.<extension>`) and its bytes. */
export interface RenderedFile {
  name: string;
  bytes: Buffer;
}

export type RenderFormat = 'json' | 'pdf' | 'xlsx' | 'csv';

/** What a renderer may use besides the Report: the proposal, for the workbook's editable proposal sheets. */
export interface RenderOptions {
  proposal?: Proposal;
}

export interface RendererEntry {
  format: RenderFormat;
  /** The HTTP Content-Type of the format's files. */
  mediaType: string;
  /** File extension without the dot ("pdf"). */
  extension: string;
  /** True when the format writes several files (CSV: one per table). */
  multiFile: boolean;
  /** Loads the renderer (a dynamic import of its module). */
  load(): Promise<(report: Report, lang: Lang, options: RenderOptions) => Promise<RenderedFile[]>>;
  /** Compiles and fills the renderer's caches before a first render in `lang`, where that pays (a render thread waiting for its Report). */
  warmUp?(lang: Lang): Promise<void>;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export const RENDERERS: Readonly<Record<RenderFormat, RendererEntry>> = Object.freeze({
  json: {
    format: 'json',
    mediaType: 'application/json',
    extension: 'json',
    multiFile: false,
    load: async () => async (report: Report) => [{ name: 'report.json', bytes: utf8(`${JSON.stringify(report, null, 2)}\n`) }],
  },
  pdf: {
    format: 'pdf',
    mediaType: 'application/pdf',
    extension: 'pdf',
    multiFile: false,
    load: async () => {
      const { renderPdf } = await import('./pdf.js');
      return async (report: Report, lang: Lang) => [{ name: 'report.pdf', bytes: await renderPdf(report, { lang }) }];
    },
    warmUp: async (lang: Lang) => (await import('./pdf-warm-up.js')).warmUpPdf(lang),
  },
  xlsx: {
    format: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    multiFile: false,
    load: async () => {
      const { renderXlsx } = await import('./xlsx.js');
      return async (report: Report, lang: Lang, options: RenderOptions) => [{ name: 'report.xlsx', bytes: await renderXlsx(report, lang, options) }];
    },
  },
  csv: {
    format: 'csv',
    mediaType: 'text/csv; charset=utf-8',
    extension: 'csv',
    multiFile: true,
    load: async () => {
      const { renderCsv } = await import('./csv.js');
      return async (report: Report, lang: Lang) => renderCsv(report, lang).map((f) => ({ name: f.file, bytes: utf8(f.content) }));
    },
  },
});

/**
 * The registry entry of a format; throws for an unknown one.
 * @example rendererFor('pdf').mediaType // "application/pdf"
 */
export function rendererFor(format: string): RendererEntry {
  const entry = (RENDERERS as Record<string, RendererEntry | undefined>)[format];
  if (!entry) throw new Error(`no renderer for the format ${JSON.stringify(format)}; known: ${Object.keys(RENDERERS).join(', ')}`);
  return entry;
}

/**
 * A Report rendered to a format in a language, loading the renderer on first use.
 * @example (await renderReport('pdf', report, 'zh-CN'))[0].bytes // %PDF…
 */
export async function renderReport(format: RenderFormat, report: Report, lang: Lang, options: RenderOptions = {}): Promise<RenderedFile[]> {
  const render = await rendererFor(format).load();
  return render(report, lang, options);
}
