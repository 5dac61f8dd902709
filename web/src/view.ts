import type { Report, ScenarioReport } from '../../engine/report.js';
import type { Lang } from '../../reports/i18n.js';
import type { RunData } from './data.js';
import type { Format } from './format.js';

/** Everything a section renders from: the run, the language and what the page can do. */
export interface View {
  readonly data: RunData;
  readonly report: Report;
  readonly token: string;
  readonly f: Format;
  /** Scenarios in the Report's rank order (best first). */
  readonly ordered: readonly ScenarioReport[];
  /** Colour of each scenario in the charts and the table. */
  readonly colours: ReadonlyMap<string, string>;
  openScenario(id: string): void;
  setLang(lang: Lang): void;
}

/** The scenarios in `ranking.order`, then any the order misses, by rank. */
export function rankOrder(report: Report): ScenarioReport[] {
  const byId = new Map(report.scenarios.map((s) => [s.id, s]));
  const ordered = report.ranking.order.map((id) => byId.get(id)).filter((s): s is ScenarioReport => s !== undefined);
  const rest = report.scenarios.filter((s) => !ordered.includes(s)).sort((a, b) => a.rank - b.rank);
  return [...ordered, ...rest];
}
