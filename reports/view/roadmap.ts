import type { Roadmap } from '../../engine/index.js';
import type { ViewContext } from './context.js';
import { typedRationale, typedUnscheduled } from './legacy.js';
import { type ViewTable, cell } from './table.js';

type Phase = Roadmap['phases'][number];

/** The roadmap in words and rows: phases apart from items, the programme's figures, why each phase holds what it holds. */
export interface RoadmapView {
  /** One row per phase: months (numbered from 1, as everywhere), items, spend once. */
  phases: ViewTable;
  /** One row per scheduled item: its phase, its name, E[NPV] at its start, the months the phase allows it. */
  items: ViewTable;
  /** Programme totals: the phases' mean spend adds up to the programme's. */
  totals: { spendMean: number | null; spendMeanText: string; label: string };
  /** "Phase 1 (months 1–6): A, B" — one line per phase. */
  phaseLines: string[];
  /** The programme's NPV and spend, then its payback within the policy's months and later. */
  programme: string[];
  /** One sentence per phase: why it holds what it holds. */
  rationale: string[];
  /** "Not scheduled: X — why". */
  unscheduled: string[];
  /** How the plan was found. */
  search: string;
  /** The rules the phases follow. */
  rules: string;
  /** What the Gantt chart draws: phases with their items named. */
  gantt: { phases: { index: number; startMonth: number; endMonth: number; items: { name: string }[] }[] };
}

/**
 * A phase's rationale in the language, from its coded parts.
 * @example rationaleSentence(ctx, roadmap.phases[0]) // "Phase 1: quickest payback (…); fits the phase budget (…)."
 */
export function rationaleSentence(ctx: ViewContext, phase: Phase): string {
  const { f } = ctx;
  const reasons = phase.rationaleParts.map((part) => {
    const { message, text } = typedRationale(ctx, phase, part);
    return ctx.sentences.of('rationale', message, text);
  });
  return f.t('rationale.phase', { index: phase.index, reasons: reasons.join(f.t('rationale.separator')) });
}

/**
 * The roadmap of the Report in words and rows, or null when it has none.
 * @example roadmapView(ctx)?.phases.rows.length // the number of phases
 */
export function roadmapView(ctx: ViewContext): RoadmapView | null {
  const r = ctx.report.roadmap;
  if (!r) return null;
  const { f, names } = ctx;
  const p = r.portfolio;
  const itemNames = (ph: Phase) => f.list(ph.items.map((i) => names.item(i.key)));
  const phases: ViewTable = {
    id: 'roadmap',
    title: f.t('sheet.roadmap'),
    columns: [
      { id: 'phase', header: f.t('col.phase'), kind: 'integer' },
      { id: 'start', header: f.t('col.start'), kind: 'month' },
      { id: 'end', header: f.t('col.end'), kind: 'month' },
      { id: 'items', header: f.t('col.items'), kind: 'text' },
      { id: 'spendMean', header: f.t('col.spendMean'), kind: 'money' },
      { id: 'spendP50', header: f.t('col.spendP50'), kind: 'money' },
      { id: 'budgetProbability', header: f.t('col.budgetProbability'), kind: 'probability' },
      { id: 'rationale', header: f.t('col.rationale'), kind: 'text' },
    ],
    rows: r.phases.map((ph) => ({
      id: String(ph.index),
      cells: [
        cell(f, 'integer', ph.index),
        cell(f, 'month', ph.startMonth + 1),
        cell(f, 'month', ph.endMonth),
        cell(f, 'text', itemNames(ph)),
        cell(f, 'money', ph.spend.mean),
        cell(f, 'money', ph.spend.p50),
        cell(f, 'probability', ph.gates.budget.probability),
        cell(f, 'text', rationaleSentence(ctx, ph)),
      ],
    })),
  };
  const items: ViewTable = {
    id: 'roadmap-items',
    title: f.t('sheet.roadmapItems'),
    columns: [
      { id: 'phase', header: f.t('col.phase'), kind: 'integer' },
      { id: 'item', header: f.t('col.item'), kind: 'text' },
      { id: 'expectedNpv', header: f.t('col.expectedNpv'), kind: 'money' },
      { id: 'durationMonths', header: f.t('col.durationMonths'), kind: 'integer' },
    ],
    rows: r.phases.flatMap((ph) =>
      ph.items.map((it) => ({
        id: it.key,
        cells: [cell(f, 'integer', ph.index), cell(f, 'text', names.item(it.key)), cell(f, 'money', it.expectedNpv), cell(f, 'integer', it.durationMonths)],
      })),
    ),
  };
  const policyMonths = ctx.report.policy.paybackMonths;
  const later = Object.entries(p.paybackMonths.probWithin)
    .filter(([m, v]) => Number(m) > policyMonths && v !== null)
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  const programme = [
    f.t('roadmap.programme', { p10: f.money(p.npv.p10), p50: f.money(p.npv.p50), p90: f.money(p.npv.p90), spend: f.money(p.investment.p50) }),
    f.t('roadmap.payback', { months: f.monthCount(p.paybackWithinPolicy.months), probability: f.percent(p.paybackWithinPolicy.probability) }),
    ...(later.length ? [f.t('roadmap.paybackLater', { months: later.map(([m]) => m).join(' / '), probabilities: later.map(([, v]) => f.percent(v)).join(' / ') })] : []),
  ];
  return {
    phases,
    items,
    totals: { spendMean: p.investment.mean, spendMeanText: f.money(p.investment.mean), label: f.t('col.total') },
    phaseLines: r.phases.map((ph) => f.t('summary.phaseLine', { index: ph.index, start: ph.startMonth + 1, end: ph.endMonth, items: itemNames(ph) })),
    programme,
    rationale: r.phases.map((ph) => rationaleSentence(ctx, ph)),
    unscheduled: r.unscheduled.map((u) =>
      f.t('roadmap.unscheduled', { name: names.item(u.key), reason: ctx.sentences.of('unscheduled', typedUnscheduled(ctx, u.reason)) }),
    ),
    search: r.search.method === 'exact' ? f.t('roadmap.search.exact', { items: r.search.items }) : f.t('roadmap.search.heuristic', { items: r.search.items, gap: f.percent(r.search.gap) }),
    rules: f.t('roadmap.rules', {
      min: r.rules.phaseMonths.min,
      max: r.rules.phaseMonths.max,
      budgetMin: f.money(r.rules.phaseBudget.min),
      budgetMax: f.money(r.rules.phaseBudget.max),
      capacity: r.rules.capacity,
    }),
    gantt: {
      phases: r.phases.map((ph) => ({ index: ph.index, startMonth: ph.startMonth, endMonth: ph.endMonth, items: ph.items.map((i) => ({ name: names.item(i.key) })) })),
    },
  };
}
