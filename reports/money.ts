import type { Lang } from './i18n.js';

/** Currency signs for the codes that have a short one; others are written as "USD 1,000" or "USD 12万". */
const CURRENCY_SIGNS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/**
 * The sign written before an amount: "¥" for CNY, "USD " for a currency without a short sign.
 * @example currencySign('EUR') // "€"
 */
export function currencySign(currency: string): string {
  return CURRENCY_SIGNS[currency] ?? `${currency} `;
}

/**
 * Digits of an amount in 万 or 亿 units: two decimals below 10, one below 100,
 * none from 100 up (¥8.55万, ¥12.5万, ¥186万, ¥1234万, ¥1.2亿); trailing zeros dropped.
 */
function compact(x: number, unit: number): string {
  const v = x / unit;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}

/** Made once (`toLocaleString` builds a formatter at every call). */
const WHOLE = new Intl.NumberFormat('en-US');

/**
 * An amount in whole currency units with thousands separators: formatMoney(1860000, 'CNY') → "¥1,860,000".
 * Negative amounts take a true minus sign. Locale-independent, so reports are byte-stable.
 * @example formatMoney(-2500.4, 'USD') // "−$2,500"
 */
export function formatMoney(x: number, currency: string): string {
  const abs = WHOLE.format(Math.round(Math.abs(x)));
  return `${x < 0 && abs !== '0' ? '−' : ''}${currencySign(currency)}${abs}`;
}

/**
 * Money as a reader of the report's language expects it: in Chinese, amounts
 * from 1万 in 万 (10⁴) and from 1亿 in 亿 (10⁸) — ¥186万, ¥1.2亿 — with the
 * digits of `compact`, below 1万 in whole yuan; in English, whole units with
 * thousands separators (¥1,860,000). A true minus sign for losses; "—" for a
 * missing figure. Locale-independent digits, so output is stable. The rule is
 * written out, with examples a test checks, in docs/reports.md.
 * @example formatMoneyFor(1_860_000, 'CNY', 'zh-CN') // "¥186万"
 */
export function formatMoneyFor(x: number | null | undefined, currency: string, lang: Lang): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (lang === 'en') return formatMoney(x, currency);
  const sign = currencySign(currency);
  const abs = Math.abs(x);
  const minus = x < 0 && Math.round(abs) !== 0 ? '−' : '';
  // Thresholds on the rounded figure, so that 9,999.6 reads ¥1万 and 99,999,999 reads ¥1亿.
  if (Number(compact(abs, 1e4)) >= 1e4) return `${minus}${sign}${compact(abs, 1e8)}亿`;
  if (Math.round(abs) >= 1e4) return `${minus}${sign}${compact(abs, 1e4)}万`;
  return `${minus}${sign}${Math.round(abs)}`;
}

/**
 * A probability or a ratio as a whole percentage: 0.834 → "83%", 30.27 → "3027%"; "—" when missing.
 * @example formatPercent(0.834) // "83%"
 */
export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '—' : `${Math.round(p * 100)}%`;
}
