import type { ReportInput } from '../../engine/index.js';
import type { MessageKey } from '../i18n.js';
import type { ViewContext } from './context.js';
import { type ViewTable, cell } from './table.js';

/** A heading and the inputs under it: shared assumptions, one scenario, the shared components. */
export interface InputGroup {
  id: string;
  heading: string;
  rows: { path: string; label: string; estimate: string; mean: number | null }[];
}

/** The parameters of each canonical family in the order a person says them (for Reports without the written form). */
const CANONICAL: Record<string, { key: MessageKey; params: string[] }> = {
  pert: { key: 'dist.pert', params: ['min', 'mode', 'max'] },
  triangular: { key: 'dist.triangular', params: ['min', 'mode', 'max'] },
  lognormal: { key: 'dist.lognormal', params: ['mu', 'sigma'] },
  normal: { key: 'dist.normal', params: ['mean', 'sd'] },
  uniform: { key: 'dist.uniform', params: ['min', 'max'] },
  beta: { key: 'dist.beta', params: ['alpha', 'beta'] },
};

/** The sentence key of each written form (the interval forms also under their short names p5p95 / normal-p5p95). */
const WRITTEN: Record<string, MessageKey> = {
  pert: 'dist.pert',
  triangular: 'dist.triangular',
  'lognormal-interval': 'dist.lognormal-interval',
  p5p95: 'dist.lognormal-interval',
  'normal-interval': 'dist.normal-interval',
  'normal-p5p95': 'dist.normal-interval',
  normal: 'dist.normal',
  lognormal: 'dist.lognormal',
  uniform: 'dist.uniform',
  beta: 'dist.beta',
  'beta-moments': 'dist.beta-moments',
};

/** PERT's default shape: a written λ equal to it is not repeated. */
const DEFAULT_PERT_LAMBDA = 4;

/**
 * An input's estimate as the proposal wrote it: "PERT 2 / 5 / 12", "90%
 * interval 500,000–5,000,000 (lognormal)" (never the lognormal's mu/sigma when
 * p5/p95 were written), "shared: engineer cost per hour", "1,200".
 * @example estimateText(ctx, row) // "90% interval 800,000–6,000,000 (lognormal)"
 */
export function estimateText(ctx: ViewContext, row: ReportInput): string {
  const { f, names } = ctx;
  const n = (x: unknown) => (typeof x === 'number' ? f.number(x) : '—');
  let text: string;
  if (row.kind === 'fixed') text = f.t('dist.fixed', { value: n(row.value) });
  else if (row.kind === 'ref') {
    const assumption = names.inputByKey(row.ref!);
    text = f.t('dist.ref', { label: assumption ? names.inputRow(assumption) : names.input(row.ref!) });
  } else if (row.kind === 'discrete' || (!row.written && !CANONICAL[row.kind])) {
    const values = (row.dist?.values as number[] | undefined) ?? [];
    const weights = (row.dist?.weights as number[] | undefined) ?? [];
    text = f.t('dist.discrete', { values: values.map(n).join(' / '), weights: weights.map(n).join(' / ') });
  } else if (row.written && WRITTEN[row.written.form]) {
    const p = row.written.params;
    const params = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, n(v)]));
    text = row.written.form === 'pert' && p.lambda !== undefined && p.lambda !== DEFAULT_PERT_LAMBDA ? f.t('dist.pertLambda', params) : f.t(WRITTEN[row.written.form], params);
  } else {
    const c = CANONICAL[row.kind];
    text = f.t(c.key, Object.fromEntries(c.params.map((k) => [k, n(row.dist?.[k])])));
  }
  return row.clamp ? f.t('dist.clamped', { estimate: text, lo: n(row.clamp[0]), hi: n(row.clamp[1]) }) : text;
}

/**
 * The inputs under their headings, in document order: the shared assumptions,
 * each scenario's inputs (by scenario name; stages by their names), the shared
 * components under their own heading.
 * @example inputGroups(ctx).map((g) => g.heading) // ["Shared assumptions", "O&M design review", …, "Shared components"]
 */
export function inputGroups(ctx: ViewContext): InputGroup[] {
  const { f, names } = ctx;
  const groups = new Map<string, InputGroup>();
  for (const row of ctx.report.inputs) {
    const id = row.section === 'scenario' ? `scenario:${row.scenarioId}` : row.section;
    let g = groups.get(id);
    if (!g) {
      const heading = row.section === 'assumption' ? f.t('appendix.shared') : row.section === 'component' ? f.t('inputs.components') : names.scenario(row.scenarioId!);
      g = { id, heading, rows: [] };
      groups.set(id, g);
    }
    g.rows.push({ path: row.path, label: names.inputRow(row), estimate: estimateText(ctx, row), mean: row.mean });
  }
  return [...groups.values()];
}

/**
 * Every input as one table (the workbook's and the CSV's inputs): where it
 * sits, what it is, the estimate as written, its mean.
 * @example inputsTable(ctx).rows[0].cells[2].text // "PERT 80 / 110 / 150"
 */
export function inputsTable(ctx: ViewContext): ViewTable {
  const { f } = ctx;
  const groups = inputGroups(ctx);
  return {
    id: 'inputs',
    title: f.t('sheet.inputs'),
    columns: [
      { id: 'section', header: f.t('col.section'), kind: 'text' },
      { id: 'input', header: f.t('col.input'), kind: 'text' },
      { id: 'estimate', header: f.t('col.distribution'), kind: 'text' },
      { id: 'mean', header: f.t('col.mean'), kind: 'number' },
    ],
    rows: groups.flatMap((g) =>
      g.rows.map((r) => ({
        id: `${g.id}:${r.path}`,
        cells: [cell(f, 'text', g.heading), cell(f, 'text', r.label), cell(f, 'text', r.estimate), cell(f, 'number', r.mean)],
      })),
    ),
  };
}
