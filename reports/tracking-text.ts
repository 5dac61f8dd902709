import type { Message, Param, Report, ScenarioTracking } from '../engine/index.js';
import { type Lang, isMessageKey, t } from './i18n.js';
import { formatMoneyFor, formatPercent } from './money.js';
import { Names, formatter } from './view/index.js';

/** What a tracking message's references resolve against: the Report, and the scenario it speaks of. */
export interface TrackingTextContext {
  report: Report;
  scenario?: ScenarioTracking;
}

/** A plain number as the reports show input values: up to 4 significant digits, separators in English. */
function plain(x: number, lang: Lang): string {
  const rounded = Number(x.toPrecision(Math.abs(x) >= 1000 ? 6 : 4));
  return rounded.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 4 });
}

/** One parameter in words. */
function paramText(p: Param, ctx: TrackingTextContext, lang: Lang): string {
  const currency = ctx.report.proposal.currency;
  const names = new Names(ctx.report, formatter(lang, currency));
  const each = (v: string | string[], f: (x: string) => string) => (Array.isArray(v) ? v.map(f).join(lang === 'en' ? ', ' : '、') : f(v));
  switch (p.type) {
    case 'money':
      return formatMoneyFor(p.value, currency, lang);
    case 'probability':
    case 'ratio':
      return formatPercent(p.value);
    case 'months':
    case 'count':
      return String(Math.round(p.value * 10) / 10);
    case 'number':
      return plain(p.value, lang);
    case 'scenario':
      return each(p.value, (id) => names.scenario(id));
    case 'input':
      return each(p.value, (key) => names.input(key));
    case 'line':
      return each(p.value, (ref) => names.lineRef(ref));
    case 'code':
      return isMessageKey(p.value) ? t(lang, p.value) : p.value;
    default:
      return Array.isArray(p.value) ? p.value.join(', ') : String(p.value);
  }
}

/**
 * A tracking message (status, recommendation, reason, caveat) in a language:
 * its code is the catalogue key, each parameter formatted by its type; a code
 * parameter is itself a key whose sentence may quote the other parameters
 * ("tracking.measure.input" → the input's label). Until the reports' view layer
 * renders every message, this is tracking's renderer.
 * @example trackingText(s.recommendation.message, { report, scenario: s }, 'en') // "Go: continue Reference model as planned."
 */
export function trackingText(m: Message, ctx: TrackingTextContext, lang: Lang): string {
  const words: Record<string, string> = {};
  for (const [name, p] of Object.entries(m.params)) if (p.type !== 'code') words[name] = paramText(p, ctx, lang);
  for (const [name, p] of Object.entries(m.params)) {
    if (p.type === 'code') words[name] = isMessageKey(p.value) ? t(lang, p.value, words) : p.value;
  }
  return isMessageKey(m.code) ? t(lang, m.code, words) : m.code;
}
