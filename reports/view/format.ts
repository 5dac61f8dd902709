import { type Lang, type MessageKey, t } from '../i18n.js';
import { formatMoneyFor, formatPercent } from '../money.js';

/**
 * Every way the view turns a number into text, in one language and currency.
 * Outputs never format a figure themselves: they read the view's text.
 */
export interface Formatter {
  readonly lang: Lang;
  readonly currency: string;
  /** A sentence or label from the catalogue, {placeholders} filled. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** ¥186万 in Chinese, ¥1,860,000 in English; "—" when missing. */
  money(x: number | null | undefined): string;
  /** A probability or ratio as a whole percentage (0.834 → "83%"); "—" when missing. */
  percent(p: number | null | undefined): string;
  /** A duration in months, one decimal ("8.8 mo", "8.8 个月"); "never" for a payback that never comes. */
  months(x: number | null | undefined): string;
  /** A month count or month number as a plain figure: "9", "3.5". */
  monthCount(x: number): string;
  /** A whole count with thousands separators ("25,000"). */
  count(n: number): string;
  /** A number as a person writes it: up to 6 significant digits, thousands separators ("0.65", "1,200", "500,000"). */
  number(x: number): string;
  /** Items joined as a list in the language ("A, B" / "A、B"). */
  list(items: readonly string[]): string;
  /** Sentences joined into a paragraph (a space between English sentences, none between Chinese ones). */
  paragraph(sentences: readonly string[]): string;
  /** An ISO timestamp as a date ("2026-11-29"); "—" when missing. */
  date(iso: string | null | undefined): string;
}

/**
 * A number as written in a proposal, the same in both languages (inputs are
 * quoted, not converted to 万): thousands separators, fractions to 6
 * significant digits, no exponent.
 * @example writtenNumber(5000000) // "5,000,000"
 */
export function writtenNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (Number.isInteger(x)) return (Math.abs(x) >= 1000 ? GROUPED : UNGROUPED).format(x);
  const v = Number(x.toPrecision(6));
  return Math.abs(v) >= 1000 ? SIX_FRACTION_DIGITS.format(v) : String(v);
}

// Made once: `toLocaleString` with options builds a formatter at every call (the costliest part of building a view).
const GROUPED = new Intl.NumberFormat('en-US');
const UNGROUPED = new Intl.NumberFormat('en-US', { useGrouping: false });
const SIX_FRACTION_DIGITS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/**
 * The formatter of a language and currency.
 * @example formatter('zh-CN', 'CNY').money(1_860_000) // "¥186万"
 */
export function formatter(lang: Lang, currency: string): Formatter {
  const tr = (key: MessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const monthCount = (x: number) => String(Number(x.toFixed(1)));
  return {
    lang,
    currency,
    t: tr,
    money: (x) => formatMoneyFor(x, currency, lang),
    percent: (p) => formatPercent(p),
    months: (x) => (x === null || x === undefined || !Number.isFinite(x) ? tr('unit.never') : tr('unit.months', { value: x.toFixed(1) })),
    monthCount,
    count: (n) => GROUPED.format(Math.round(n)),
    number: writtenNumber,
    list: (items) => items.join(lang === 'zh-CN' ? '、' : ', '),
    paragraph: (sentences) => sentences.join(lang === 'zh-CN' ? '' : ' '),
    date: (iso) => {
      const day = (iso ?? '').slice(0, 10);
      return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : '—';
    },
  };
}
