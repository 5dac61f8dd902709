/**
 * A Report answered with its messages rendered for a reader: the language a
 * request asks for (`?lang=`, else Accept-Language) and the `rendered` block
 * the routes add next to the Report's own fields — the Report's codes stay as
 * they are; `rendered` holds the sentences the PDF shows, built by the same
 * view (reports/view/messages.ts).
 */
import { z } from 'zod';
import { reportSchema } from '../../engine/report.js';
import { LANGS, type Lang } from '../../reports/i18n.js';
import type { RenderedMessages } from '../../reports/view/index.js';
import type { Same } from './common.js';

export const langSchema = z.enum(LANGS as [Lang, ...Lang[]]);

/** The primary language subtag of each supported language: `zh-TW` or `zh-Hans` reads as the Chinese the reports speak. */
const BY_PRIMARY = new Map(LANGS.map((l) => [l.split('-')[0].toLowerCase(), l]));

/**
 * The supported language an Accept-Language header prefers most (by q-value,
 * then order; `*` or no supported entry: `fallback`), or null without the
 * header. Malformed entries are skipped, never refused (RFC 9110 §12.5.4).
 * @example acceptedLang('fr, en-GB;q=0.8, zh;q=0.9', () => 'en') // 'zh-CN'
 */
export function acceptedLang(header: string | undefined, fallback: () => Lang): Lang | null {
  if (header === undefined || header.trim() === '') return null;
  const entries: { lang: Lang | '*'; q: number; at: number }[] = [];
  header.split(',').forEach((entry, at) => {
    const [range, ...params] = entry.split(';').map((p) => p.trim());
    const weight = params.find((p) => /^q\s*=/i.test(p));
    const q = weight === undefined ? 1 : Number(/^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(weight)?.[1] ?? NaN);
    // A weight of 0 means "not this one"; a malformed weight or range makes the entry unreadable.
    if (!(q > 0) || !/^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/.test(range)) return;
    const lang = range === '*' ? '*' : BY_PRIMARY.get(range.split('-')[0].toLowerCase());
    if (lang) entries.push({ lang, q, at });
  });
  entries.sort((a, b) => b.q - a.q || a.at - b.at);
  const best = entries[0]?.lang;
  return best === undefined || best === '*' ? fallback() : best;
}

/**
 * The language a request asks its Report's messages in: `?lang=`, else
 * Accept-Language's; null when it asks for none (the Report is answered alone).
 * @example requestedLang(undefined, 'en-US,en;q=0.9', () => 'zh-CN') // 'en'
 */
export function requestedLang(query: Lang | undefined, acceptLanguage: string | undefined, fallback: () => Lang): Lang | null {
  return query ?? acceptedLang(acceptLanguage, fallback);
}

const sentences = z.array(z.string());

/** reports/view/messages.ts RenderedMessages, as the API documents it. */
export const renderedMessagesSchema = z
  .object({
    lang: langSchema,
    recommendation: z.object({ headline: z.string(), details: sentences }),
    ranking: z.object({ basis: z.string().nullable().describe("What the ranking's order is"), alternatives: sentences, enablers: sentences }),
    warnings: sentences.describe("The proposal's validation warnings"),
    scenarios: z
      .record(z.string(), z.object({ name: z.string(), advice: sentences, caveats: sentences, gates: sentences }))
      .describe("By scenario id: its name, advice, caveats and gate lines in the reader's language"),
    roadmap: z.object({ rationale: sentences, unscheduled: sentences }).nullable(),
    measureFirst: z.string().describe('What the pilot should measure first'),
    method: z.string().describe('How the value of information was found'),
  })
  .describe("The Report's coded messages as sentences in one language, the ones the PDF shows (present when a language was asked for)");

// Exactly the view's shape: tsc fails here when renderedMessages changes.
const _same: Same<z.output<typeof renderedMessagesSchema>, RenderedMessages> = true;
void _same;

/** The Report, with `rendered` when the request asked for a language. */
export const renderedReportSchema = reportSchema.extend({ rendered: renderedMessagesSchema.optional() });

/** The request headers these routes read (others pass). */
export const acceptLanguageHeaders = z.looseObject({
  'accept-language': z.string().optional().describe("Used when `lang` is absent: its most preferred en or zh entry; naming only other languages (or *), the proposal's language"),
});

/** How the routes document `lang`. */
export const LANG_DESCRIPTION =
  "Language of the `rendered` sentences added to the Report (and of a PDF or workbook); without it, Accept-Language's preferred supported language (any other: the proposal's language, zh-CN for CNY proposals, else en). Without either the Report is answered alone.";
