import type { Report, ScenarioReport } from '../../engine/index.js';
import type { Lang } from '../../reports/i18n.js';
import type { Formatter, ReportView } from '../../reports/view/index.js';
import type { RunData } from './data.js';

/** Everything a section renders from: the run, the Report's view in the page's language and what the page can do. */
export interface View {
  readonly data: RunData;
  readonly report: Report;
  readonly token: string;
  /** The Report in the page's language: every sentence and row the page shows. */
  readonly rv: ReportView;
  /** Numbers as text and the catalogue, in the page's language. */
  readonly f: Formatter;
  /** Scenarios in the Report's rank order (best first), named in the page's language (the charts read `name`). */
  readonly ordered: readonly ScenarioReport[];
  /** Colour of each scenario in the charts and the table. */
  readonly colours: ReadonlyMap<string, string>;
  openScenario(id: string): void;
  setLang(lang: Lang): void;
}
