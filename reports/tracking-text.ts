import type { Message, Param } from '../engine/messages.js';
import type { Report } from '../engine/report.js';
import type { ScenarioTracking } from '../engine/tracking/tracking-schema.js';
import { type Lang, isMessageKey, t } from './i18n.js';
import { formatMoneyFor, formatPercent } from './money.js';

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

/** The label of an input key: the tracked input's, else the sensitivity's, else the key. */
function inputLabel(key: string, ctx: TrackingTextContext): string {
  for (const s of ctx.report.tracking?.scenarios ?? []) {
    const i = s.inputs.find((x) => x.input === key);
    if (i) return i.label;
  }
  for (const s of ctx.report.scenarios) {
    const e = s.sensitivity.find((x) => x.input === key);
    if (e) return e.label;
  }
  return key;
}

/** One parameter in words. */
function paramText(p: Param, ctx: TrackingTextContext, lang: Lang): string {
  const currency = ctx.report.proposal.currency;
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
      return each(p.value, (id) => ctx.report.scenarios.find((s) => s.id === id)?.name ?? id);
    case 'input':
      return each(p.value, (key) => inputLabel(key, ctx));
    case 'line':
      return each(p.value, (ref) => {
        const [scenarioId, line] = ref.split('/');
        return ctx.report.tracking?.scenarios.find((s) => s.id === scenarioId)?.lineLabels[line] ?? line;
      });
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
