import type { Report } from '../../engine/index.js';
import type { Lang } from '../i18n.js';
import { buildView } from './view.js';

/**
 * The Report's coded messages as sentences in one language, keyed like the
 * Report (what the API adds to a Report for `?lang=` / `Accept-Language`): the
 * recommendation, each scenario's advice, caveats and gate lines, the roadmap's
 * rationale and unscheduled reasons, what to measure first, the method.
 */
export interface RenderedMessages {
  lang: Lang;
  recommendation: { headline: string; details: string[] };
  /** What the ranking's order is, how sure each choice among alternatives is, what each enabler makes possible. */
  ranking: { basis: string | null; alternatives: string[]; enablers: string[] };
  /** The proposal's validation warnings. */
  warnings: string[];
  scenarios: Record<string, { name: string; advice: string[]; caveats: string[]; gates: string[] }>;
  roadmap: { rationale: string[]; unscheduled: string[] } | null;
  measureFirst: string;
  method: string;
}

/**
 * The sentences of a Report in a language, through the same view as every other output.
 * @example renderedMessages(report, 'en').scenarios.claims.advice[0]
 */
export function renderedMessages(report: Report, lang: Lang): RenderedMessages {
  const view = buildView(report, lang);
  return {
    lang,
    recommendation: { headline: view.recommendation.headline, details: view.recommendation.details },
    ranking: { basis: view.notes.basis, alternatives: view.notes.alternatives, enablers: view.notes.enablers },
    warnings: view.notes.warnings,
    scenarios: Object.fromEntries(
      view.scenarios.map((s) => [s.id, { name: s.name, advice: s.advice, caveats: s.caveats, gates: s.gates.map((g) => g.text) }]),
    ),
    roadmap: view.roadmap ? { rationale: view.roadmap.rationale, unscheduled: view.roadmap.unscheduled } : null,
    measureFirst: view.measureFirst,
    method: view.appendix.valueOfInformation,
  };
}
