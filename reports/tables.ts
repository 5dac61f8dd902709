import type { Advice, Report, ScenarioReport, Summary } from '../engine/report.js';
import { isMessageKey, t, type Lang, type MessageKey } from './i18n.js';
import { formatMoneyFor, formatPercent } from './money.js';
import { adviceText, rationaleText } from './phrases.js';

/**
 * The Report as tables — the common source of the workbook (one sheet per
 * table) and the CSV export (one file per table). Rendering only: every number
 * is taken from the Report as it stands, never recomputed; null stays null.
 */

/** How a column's numbers read: money in the proposal's currency, probabilities as fractions, months, plain numbers, integers. */
export type ColumnKind = 'text' | 'money' | 'probability' | 'months' | 'number' | 'integer';

/** Stable, language-independent table ids (CSV file names, the `sheet.*` key). */
export type TableId = 'ranking' | 'statistics' | 'inputs' | 'cashflow' | 'roadmap';

export type Cell = string | number | null;

export interface Column {
  /** Translated header (a `col.*` message). */
  header: string;
  kind: ColumnKind;
}

export interface Table {
  id: TableId;
  /** The `sheet.*` message key of the title. */
  key: MessageKey;
  /** The translated sheet title. */
  name: string;
  columns: Column[];
  rows: Cell[][];
  /**
   * Optional per-row kind for the table's non-text columns, where one column
   * holds figures of different kinds (statistics: NPV rows are money, payback
   * rows are months). Undefined entries keep the column's kind.
   */
  rowKinds?: (ColumnKind | undefined)[];
}

/** The kind a cell is rendered with: the row's override for non-text columns, else the column's. */
export function cellKind(table: Table, row: number, col: number): ColumnKind {
  const kind = table.columns[col].kind;
  if (kind === 'text') return kind;
  return table.rowKinds?.[row] ?? kind;
}

const SUMMARY_FIELDS = ['mean', 'sd', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'min', 'max'] as const satisfies readonly (keyof Summary)[];

/** The per-scenario summaries of the statistics table, with the kind their figures have. */
const STATISTICS = [
  ['npv', 'money'],
  ['irr', 'number'],
  ['roi', 'number'],
  ['roi1y', 'number'],
  ['investment', 'money'],
  ['paybackMonths', 'months'],
] as const satisfies readonly (readonly [keyof ScenarioReport, ColumnKind])[];

/** A `col.*` header for a Report field; the field's own name until the catalogue has the key. */
function fieldHeader(lang: Lang, field: string): string {
  const key = `col.${field}`;
  return isMessageKey(key) ? t(lang, key) : field;
}

/** A statistic's label (`stat.*`); the Report's field name until the catalogue has the key. */
function statisticLabel(lang: Lang, stat: string): string {
  const key = `stat.${stat}`;
  return isMessageKey(key) ? t(lang, key) : stat;
}

function col(lang: Lang, key: MessageKey, kind: ColumnKind): Column {
  return { header: t(lang, key), kind };
}

/** Months for a sentence: whole or one decimal ("9", "3.5"). */
function formatMonths(x: number): string {
  return String(Number(x.toFixed(1)));
}


function rankingTable(report: Report, lang: Lang): Table {
  const byRank = [...report.scenarios].sort((a, b) => a.rank - b.rank);
  return {
    id: 'ranking',
    key: 'sheet.ranking',
    name: t(lang, 'sheet.ranking'),
    columns: [
      col(lang, 'col.rank', 'integer'),
      col(lang, 'col.scenario', 'text'),
      col(lang, 'col.verdict', 'text'),
      col(lang, 'col.score', 'integer'),
      col(lang, 'col.npvP10', 'money'),
      col(lang, 'col.npvP50', 'money'),
      col(lang, 'col.npvP90', 'money'),
      col(lang, 'col.paybackP50', 'months'),
      col(lang, 'col.paybackWithin12', 'probability'),
      col(lang, 'col.budgetFit', 'probability'),
      col(lang, 'col.phaseFit', 'probability'),
      col(lang, 'col.advice', 'text'),
    ],
    rows: byRank.map((s) => [
      s.rank,
      s.name,
      t(lang, `verdict.${s.verdict}`),
      s.score,
      s.npv.p10,
      s.npv.p50,
      s.npv.p90,
      s.paybackMonths.p50,
      s.paybackMonths.probWithin['12'] ?? null,
      s.gates.budget.probability,
      s.gates.phase.probability,
      s.advice.length > 0 ? s.advice.map((a) => adviceText(a, report.proposal.currency, lang)).join('\n') : null,
    ]),
  };
}

function statisticsTable(report: Report, lang: Lang): Table {
  const rows: Cell[][] = [];
  const rowKinds: ColumnKind[] = [];
  for (const s of report.scenarios) {
    for (const [stat, kind] of STATISTICS) {
      const summary: Summary = s[stat];
      rows.push([s.name, statisticLabel(lang, stat), ...SUMMARY_FIELDS.map((f) => summary[f])]);
      rowKinds.push(kind);
    }
  }
  return {
    id: 'statistics',
    key: 'sheet.statistics',
    name: t(lang, 'sheet.statistics'),
    columns: [
      col(lang, 'col.scenario', 'text'),
      col(lang, 'col.statistic', 'text'),
      ...SUMMARY_FIELDS.map((f): Column => ({ header: fieldHeader(lang, f), kind: 'number' })),
    ],
    rows,
    rowKinds,
  };
}

function inputsTable(report: Report, lang: Lang): Table {
  return {
    id: 'inputs',
    key: 'sheet.inputs',
    name: t(lang, 'sheet.inputs'),
    columns: [
      col(lang, 'col.scenario', 'text'),
      col(lang, 'col.input', 'text'),
      col(lang, 'col.distribution', 'text'),
      col(lang, 'col.mean', 'number'),
    ],
    rows: report.inputs.map((i) => [i.scenarioId, i.label, i.description, i.mean]),
  };
}

function cashflowTable(report: Report, lang: Lang): Table {
  const rows: Cell[][] = [];
  for (const s of report.scenarios) {
    const { months, cumulative } = s.cashflow;
    months.forEach((m, i) => rows.push([s.name, m, cumulative.p10[i], cumulative.p50[i], cumulative.p90[i]]));
  }
  return {
    id: 'cashflow',
    key: 'sheet.cashflow',
    name: t(lang, 'sheet.cashflow'),
    columns: [
      col(lang, 'col.scenario', 'text'),
      col(lang, 'col.month', 'integer'),
      col(lang, 'col.p10', 'money'),
      col(lang, 'col.p50', 'money'),
      col(lang, 'col.p90', 'money'),
    ],
    rows,
  };
}

function roadmapTable(roadmap: NonNullable<Report['roadmap']>, currency: string, lang: Lang): Table {
  const rows: Cell[][] = [];
  for (const p of roadmap.phases) {
    const items = p.items.length > 0 ? p.items.map((i) => i.name) : [null];
    for (const item of items)
      rows.push([p.index, p.startMonth, p.endMonth, item, p.spend.p50, p.gates.budget.probability, rationaleText(p, currency, lang)]);
  }
  return {
    id: 'roadmap',
    key: 'sheet.roadmap',
    name: t(lang, 'sheet.roadmap'),
    columns: [
      col(lang, 'col.phase', 'integer'),
      col(lang, 'col.start', 'integer'),
      col(lang, 'col.end', 'integer'),
      col(lang, 'col.items', 'text'),
      col(lang, 'col.spendP50', 'money'),
      col(lang, 'col.budgetProbability', 'probability'),
      col(lang, 'col.rationale', 'text'),
    ],
    rows,
  };
}

/**
 * The Report's tables, in order: ranking, statistics, inputs, cash flow, and
 * the roadmap when the Report has one.
 */
export function reportTables(report: Report, lang: Lang): Table[] {
  const tables = [rankingTable(report, lang), statisticsTable(report, lang), inputsTable(report, lang), cashflowTable(report, lang)];
  if (report.roadmap) tables.push(roadmapTable(report.roadmap, report.proposal.currency, lang));
  return tables;
}
