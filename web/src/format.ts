import type { Verdict } from '../../engine/report.js';
import { type Lang, type MessageKey, t } from '../../reports/i18n.js';
import { formatMoneyFor, formatPercent } from '../../reports/money.js';

/** Every way the page turns a number into text, in one language and currency. */
export interface Format {
  readonly lang: Lang;
  readonly currency: string;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** ¥186万 in Chinese, ¥1,860,000 in English. */
  money(x: number | null | undefined): string;
  /** 0.834 → "83%". */
  percent(p: number | null | undefined): string;
  /** Payback months ("8.8 mo"), or "never" for null. */
  months(x: number | null | undefined): string;
  /** An ISO timestamp as a long date in the language ("2025年3月4日", "March 4, 2025"). */
  date(iso: string | null | undefined): string;
  /** A whole number with the language's grouping. */
  count(n: number): string;
  verdict(v: Verdict): string;
}

export function formatter(lang: Lang, currency: string): Format {
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-GB';
  return {
    lang,
    currency,
    t: (key, params = {}) => t(lang, key, params),
    money: (x) => formatMoneyFor(x ?? null, currency, lang),
    percent: (p) => formatPercent(p ?? null),
    months: (x) => (x === null || x === undefined || !Number.isFinite(x) ? t(lang, 'unit.never') : t(lang, 'unit.months', { value: x.toFixed(1) })),
    date: (iso) => {
      if (!iso) return '—';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? '—' : new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
    },
    count: (n) => new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-US').format(n),
    verdict: (v) => t(lang, `verdict.${v}` as MessageKey),
  };
}
