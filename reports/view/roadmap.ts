import type { Message, Roadmap } from '../../engine/index.js';
import type { ViewContext } from './context.js';
import { type ViewTable, cell } from './table.js';

type Phase = Roadmap['phases'][number];

/** The roadmap in words and rows: phases apart from items, the programme's figures, why each phase holds what it holds. */
export interface RoadmapView {
  /** One row per phase: months (numbered from 1, as everywhere), items, spend once. */
  phases: ViewTable;
  /** One row per scheduled item: its phase, its name, E[NPV] at its start, the months the phase allows it, its marginal programme value. */
  items: ViewTable;
  /** The planning data of every candidate item (what the search was given), or null in Reports without it. */
  candidates: ViewTable | null;
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

/** The texts of the parameters a rationale writes beyond their names: a stage by its own name, each item it builds on with its phase. */
function rationaleTexts(ctx: ViewContext, part: Message): Record<string, string> {
  const { f, names } = ctx;
  const text: Record<string, string> = {};
  const keys = (name: string) => {
    const p = part.params[name];
    return p?.type === 'item' ? (Array.isArray(p.value) ? p.value : [p.value]) : [];
  };
  const [stage] = keys('stage');
  if (stage !== undefined && stage.includes('/')) text.stage = names.stage(stage.slice(0, stage.indexOf('/')), stage.slice(stage.indexOf('/') + 1));
  if (part.code === 'buildsOn') {
    const phaseOf = new Map(ctx.report.roadmap!.phases.flatMap((ph) => ph.items.map((i) => [i.key, ph.index] as const)));
    text.items = f.list(keys('items').map((key) => f.t('rationale.buildsOnItem', { item: names.item(key), phase: phaseOf.get(key) ?? '–' })));
  }
  return text;
}

/**
 * A phase's rationale in the language, from its coded parts.
 * @example rationaleSentence(ctx, roadmap.phases[0]) // "Phase 1: quickest payback (…); fits the phase budget (…)."
 */
export function rationaleSentence(ctx: ViewContext, phase: Phase): string {
  const { f } = ctx;
  const reasons = phase.rationaleParts.map((part) => ctx.sentences.of('rationale', part, rationaleTexts(ctx, part)));
  return f.t('rationale.phase', { index: phase.index, reasons: reasons.join(f.t('rationale.separator')) });
}

/**
 * How the plan was found, in words: proven optimal by which method, or within how much of the optimum.
 * @example searchSentence(ctx, roadmap.search) // "Proven optimal (HiGHS MILP) over 10 items."
 */
export function searchSentence(ctx: ViewContext, search: Roadmap['search']): string {
  const { f } = ctx;
  const method = f.t(`roadmap.method.${search.method}`);
  return search.proven
    ? f.t('roadmap.search.proven', { method, items: search.items })
    : f.t('roadmap.search.bounded', { method, items: search.items, gap: f.percent(search.gap), bound: f.money(search.upperBound) });
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
      { id: 'marginalValue', header: f.t('col.marginalValue'), kind: 'money' },
    ],
    rows: r.phases.flatMap((ph) =>
      ph.items.map((it) => ({
        id: it.key,
        cells: [
          cell(f, 'integer', ph.index),
          cell(f, 'text', names.item(it.key)),
          cell(f, 'money', it.expectedNpv),
          cell(f, 'integer', it.durationMonths),
          cell(f, 'money', it.marginalValue ?? null),
        ],
      })),
    ),
  };
  const candidates: ViewTable | null = r.candidates
    ? {
        id: 'roadmap-candidates',
        title: f.t('sheet.roadmapCandidates'),
        columns: [
          { id: 'item', header: f.t('col.item'), kind: 'text' },
          { id: 'durationMonths', header: f.t('col.durationMonths'), kind: 'integer' },
          { id: 'spendMean', header: f.t('col.spendMean'), kind: 'money' },
          { id: 'spendP50', header: f.t('col.spendP50'), kind: 'money' },
          { id: 'spendP80', header: f.t('col.spendP80'), kind: 'money' },
          // E[NPV] at every start month the search could choose: month numbers as everywhere (a start at t is "month t+1").
          ...r.candidates[0]?.expectedNpvByStart.map((_, t) => ({ id: `npvStart${t + 1}`, header: f.t('col.npvAtStart', { month: t + 1 }), kind: 'money' as const })) ?? [],
        ],
        rows: r.candidates.map((c) => ({
          id: c.key,
          cells: [
            cell(f, 'text', names.item(c.key)),
            cell(f, 'integer', c.durationMonths),
            cell(f, 'money', c.spend.mean),
            cell(f, 'money', c.spend.p50),
            cell(f, 'money', c.spend.p80),
            ...c.expectedNpvByStart.map((v) => cell(f, 'money', v)),
          ],
        })),
      }
    : null;
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
    candidates,
    totals: { spendMean: p.investment.mean, spendMeanText: f.money(p.investment.mean), label: f.t('col.total') },
    phaseLines: r.phases.map((ph) => f.t('summary.phaseLine', { index: ph.index, start: ph.startMonth + 1, end: ph.endMonth, items: itemNames(ph) })),
    programme,
    rationale: r.phases.map((ph) => rationaleSentence(ctx, ph)),
    unscheduled: r.unscheduled.map((u) =>
      f.t('roadmap.unscheduled', { name: names.item(u.key), reason: ctx.sentences.of('unscheduled', u.reason) }),
    ),
    search: searchSentence(ctx, r.search),
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
