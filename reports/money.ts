import { formatMoney as formatMoneyPlain } from '../engine/money.js';
import type { Lang } from './i18n.js';

const CURRENCY_SIGNS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** Significant digits for 万 and 亿 amounts: ¥186万, ¥1.2亿, ¥12.5万. */
function compact(x: number, unit: number): string {
  const v = x / unit;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return Number(v.toFixed(digits)).toLocaleString('zh-CN', { maximumFractionDigits: digits, useGrouping: false });
}

/**
 * Money as a reader of the report's language expects it: in Chinese, CNY (and
 * other currencies) in 万 (10⁴) and 亿 (10⁸) — ¥186万, ¥1.2亿 — below 1万 in
 * whole yuan; in English, whole units with thousands separators (¥1,860,000).
 * A true minus sign for losses. Locale-independent digits, so output is stable.
 * @example formatMoneyFor(1_860_000, 'CNY', 'zh-CN') // "¥186万"
 */
export function formatMoneyFor(x: number | null, currency: string, lang: Lang): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (lang === 'en') return formatMoneyPlain(x, currency);
  const sign = CURRENCY_SIGNS[currency] ?? `${currency} `;
  const abs = Math.abs(x);
  const minus = x < 0 ? '−' : '';
  if (abs >= 1e8) return `${minus}${sign}${compact(abs, 1e8)}亿`;
  if (abs >= 1e4) return `${minus}${sign}${compact(abs, 1e4)}万`;
  return `${minus}${sign}${Math.round(abs)}`;
}

/** A probability as a whole percentage: 0.834 → "83%". */
export function formatPercent(p: number | null): string {
  return p === null || !Number.isFinite(p) ? '—' : `${Math.round(p * 100)}%`;
}
