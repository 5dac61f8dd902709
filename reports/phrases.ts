import type { Param } from '../engine/messages.js';
import type { Advice, Roadmap } from '../engine/report.js';
import { type Lang, isMessageKey, t } from './i18n.js';
import { formatMoneyFor, formatPercent } from './money.js';

/**
 * A typed message parameter as a reader sees it: money in the currency,
 * probabilities and ratios as percentages, months and counts as numbers,
 * references as they are written (ids until the view resolves names).
 * @example formatParam({ type: 'money', value: 85000 }, 'CNY', 'zh-CN') // "¥8.5万"
 */
export function formatParam(p: Param, currency: string, lang: Lang): string | number {
  switch (p.type) {
    case 'money':
      return formatMoneyFor(p.value, currency, lang);
    case 'probability':
    case 'ratio':
      return formatPercent(p.value);
    case 'months':
    case 'count':
    case 'number':
      return Number.isInteger(p.value) ? p.value : Number(p.value.toFixed(1));
    default:
      return Array.isArray(p.value) ? p.value.join(', ') : p.value;
  }
}

/**
 * An advice entry in a language, from its code and typed parameters.
 * Shared by the PDF, the workbook, the web page and the CLI.
 * @example adviceText(scenario.advice[0], 'CNY', 'zh-CN') // "投资中位数 ¥8.5万 低于 ¥50万 的预算区间：…"
 */
export function adviceText(advice: Advice, currency: string, lang: Lang): string {
  const key = `advice.${advice.code}`;
  if (!isMessageKey(key)) throw new Error(`no sentence for advice code "${advice.code}" in reports/i18n.ts`);
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(advice.params)) params[name] = formatParam(value, currency, lang);
  return t(lang, key, params);
}

/**
 * A roadmap phase's rationale in a language, from its coded parts; the Report's
 * English sentence when none of the parts has a translation.
 * @example rationaleText(report.roadmap.phases[0], 'CNY', 'zh-CN') // "第 1 阶段：回本最快（…）；…。"
 */
export function rationaleText(phase: Roadmap['phases'][number], currency: string, lang: Lang): string {
  const reasons = phase.rationaleParts.map((part) => {
    const key = `rationale.${part.code}`;
    if (!isMessageKey(key)) return '';
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(part.params)) {
      const money = name === 'median' || name === 'min' || name === 'max';
      params[name] = typeof value !== 'number' ? value : money ? formatMoneyFor(value, currency, lang) : name === 'probability' ? formatPercent(value) : Number.isInteger(value) ? value : Number(value.toFixed(1));
    }
    return t(lang, key, params);
  });
  const joined = reasons.filter(Boolean).join(t(lang, 'rationale.separator'));
  return joined ? t(lang, 'rationale.phase', { index: phase.index, reasons: joined }) : phase.rationale;
}
