import type { Report, ScenarioReport } from '../../engine/index.js';
import type { Lang } from '../i18n.js';
import { type Formatter, formatter } from './format.js';
import { upgradeReport } from './legacy.js';
import { Names } from './names.js';
import { Sentences } from './sentences.js';

/** What every builder of the view reads: the Report, its language's formatter, names and sentences. */
export interface ViewContext {
  readonly report: Report;
  readonly f: Formatter;
  readonly names: Names;
  readonly sentences: Sentences;
  /** Scenarios best first (the Report's `ranking.order`, then any it misses by rank). */
  readonly ordered: readonly ScenarioReport[];
}

/**
 * The scenarios in `ranking.order`, then any the order misses, by rank.
 * @example rankOrder(report)[0].rank // 1
 */
export function rankOrder(report: Report): ScenarioReport[] {
  const byId = new Map(report.scenarios.map((s) => [s.id, s]));
  const ordered = report.ranking.order.map((id) => byId.get(id)).filter((s): s is ScenarioReport => s !== undefined);
  const rest = report.scenarios.filter((s) => !ordered.includes(s)).sort((a, b) => a.rank - b.rank);
  return [...ordered, ...rest];
}

/**
 * The context of a Report in a language.
 * @example viewContext(report, 'zh-CN').names.scenario('claims')
 */
export function viewContext(stored: Report, lang: Lang): ViewContext {
  // A Report stored before the planner spoke in typed codes reads through the same view.
  const report = upgradeReport(stored);
  const f = formatter(lang, report.proposal.currency);
  const names = new Names(report, f);
  return { report, f, names, sentences: new Sentences(f, names), ordered: rankOrder(report) };
}
