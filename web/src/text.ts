import type { Advice, Roadmap } from '../../engine/report.js';
import { isMessageKey, t } from '../../reports/i18n.js';
import type { Format } from './format.js';

/**
 * An advice entry in the page's language from its code and params (as
 * reports/pdf.ts translates it), or the Report's English message when the code
 * has no translation.
 */
export function adviceText(f: Format, a: Advice): string {
  const key = `advice.${a.code}`;
  if (!isMessageKey(key)) return a.message;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(a.params)) {
    params[name] =
      name === 'probability'
        ? f.percent(value)
        : name === 'investment' || ((name === 'min' || name === 'max') && a.code.startsWith('budget'))
          ? f.money(value)
          : Number.isInteger(value)
            ? value
            : Number(value.toFixed(1));
  }
  return t(f.lang, key, params);
}

/** Advice worth showing (the horizon note is about the method, not the scenario). */
export function shownAdvice(advice: readonly Advice[]): Advice[] {
  return advice.filter((a) => a.code !== 'horizon-limited');
}

/** A roadmap phase's rationale in the page's language, from its coded parts. */
export function rationaleText(f: Format, phase: Roadmap['phases'][number]): string {
  const reasons = phase.rationaleParts.map((part) => {
    const key = `rationale.${part.code}`;
    if (!isMessageKey(key)) return '';
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(part.params)) {
      params[name] =
        typeof value === 'number' && (name === 'median' || name === 'min' || name === 'max')
          ? f.money(value)
          : name === 'probability' && typeof value === 'number'
            ? f.percent(value)
            : value;
    }
    return t(f.lang, key, params);
  });
  const joined = reasons.filter(Boolean).join(f.t('rationale.separator'));
  return joined ? f.t('rationale.phase', { index: phase.index, reasons: joined }) : phase.rationale;
}
