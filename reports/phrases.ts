import type { Advice, Roadmap } from '../engine/report.js';
import { type Lang, isMessageKey, t } from './i18n.js';
import { formatMoneyFor, formatPercent } from './money.js';

/** How a numeric parameter of a message reads: probabilities as percentages, money in the currency, other numbers to one decimal. */
function param(name: string, value: number, money: boolean, currency: string, lang: Lang): string | number {
  if (name === 'probability') return formatPercent(value);
  if (money) return formatMoneyFor(value, currency, lang);
  return Number.isInteger(value) ? value : Number(value.toFixed(1));
}

/**
 * An advice entry in a language, from its code and the numbers the Report keeps
 * with it; the Report's English message when the code has no translation.
 * Shared by the PDF, the workbook and the web page.
 * @example adviceText(scenario.advice[0], 'CNY', 'zh-CN') // "投资中位数 ¥8.5万 低于 ¥50万 的预算区间：…"
 */
export function adviceText(advice: Advice, currency: string, lang: Lang): string {
  const key = `advice.${advice.code}`;
  if (!isMessageKey(key)) return advice.message;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(advice.params)) {
    const money = name === 'investment' || ((name === 'min' || name === 'max') && advice.code.startsWith('budget'));
    params[name] = param(name, value, money, currency, lang);
  }
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
      params[name] = typeof value === 'number' ? param(name, value, name === 'median' || name === 'min' || name === 'max', currency, lang) : value;
    }
    return t(lang, key, params);
  });
  const joined = reasons.filter(Boolean).join(t(lang, 'rationale.separator'));
  return joined ? t(lang, 'rationale.phase', { index: phase.index, reasons: joined }) : phase.rationale;
}
