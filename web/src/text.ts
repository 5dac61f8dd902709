import type { Advice, Roadmap } from '../../engine/report.js';
import { adviceText as sharedAdviceText, rationaleText as sharedRationaleText } from '../../reports/phrases.js';
import type { Format } from './format.js';

/** An advice entry in the page's language (shared with the PDF and the workbook). */
export function adviceText(f: Format, a: Advice): string {
  return sharedAdviceText(a, f.currency, f.lang);
}

/** Advice worth showing (the horizon note is about the method, not the scenario). */
export function shownAdvice(advice: readonly Advice[]): Advice[] {
  return advice.filter((a) => a.code !== 'horizon-limited');
}

/** A roadmap phase's rationale in the page's language (shared with the PDF and the workbook). */
export function rationaleText(f: Format, phase: Roadmap['phases'][number]): string {
  return sharedRationaleText(phase, f.currency, f.lang);
}
