import { z } from 'zod';
import type { LocalizedNames } from '../engine/model/proposal.js';

/**
 * A name or label written in one language or both: a plain string, or
 * `{ "zh-CN": "…", "en": "…" }` with at least one of the two. The normalised
 * proposal keeps a primary `name: string` (what one-language code paths and
 * ids-to-names lookups read) and the object itself as `names` when one was
 * written; the view picks `names[lang] ?? name`.
 */

/** Longest name or label, in characters: a table cell or a chart label, not a paragraph. */
const MAX_TEXT = 200;

const text = z.string().min(1).max(MAX_TEXT);

/** What a value that is neither form was, for the error message. */
const found = (x: unknown) => (Array.isArray(x) ? 'an array' : x === null ? 'null' : typeof x === 'string' ? 'an empty string' : `${typeof x} ${JSON.stringify(x)}`);

export const localizedTextSchema = z.union(
  [
    text,
    z
      .strictObject({ 'zh-CN': text.optional(), en: text.optional() })
      .refine((v) => v['zh-CN'] !== undefined || v.en !== undefined, { message: 'give the text in at least one language: "zh-CN" or "en"' }),
  ],
  {
    error: (issue) =>
      issue.input === undefined
        ? 'required: a text, written as a string or as { "zh-CN": "…", "en": "…" }'
        : `expected a string or { "zh-CN": "…", "en": "…" }, found ${found(issue.input)}`,
  },
);

/** A name or label as written: a string or the two-language object. */
export type LocalizedTextInput = z.output<typeof localizedTextSchema>;

/**
 * The primary text and, for the object form, the names by language. The primary
 * is the proposal's default language (zh-CN for CNY, else en), falling back to
 * the other language.
 * @example primaryText({ 'zh-CN': '理赔风险识别', en: 'Claims risk identification' }, 'USD') // { name: 'Claims risk identification', names: { … } }
 */
export function primaryText(value: LocalizedTextInput, currency: string): { name: string; names?: LocalizedNames } {
  if (typeof value === 'string') return { name: value };
  const preferred = currency === 'CNY' ? value['zh-CN'] ?? value.en : value.en ?? value['zh-CN'];
  const names: LocalizedNames = {};
  if (value['zh-CN'] !== undefined) names['zh-CN'] = value['zh-CN'];
  if (value.en !== undefined) names.en = value.en;
  return { name: preferred!, names };
}
