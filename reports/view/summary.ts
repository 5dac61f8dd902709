import type { ViewContext } from './context.js';
import type { RecommendationView } from './recommendation.js';
import type { CellKind } from './table.js';

/** A key number of the summary: a big figure over its label (which says mean or median). */
export interface KeyNumber {
  id: 'programmeNpv' | 'bestNpv' | 'accepted' | 'programmePayback';
  label: string;
  text: string;
  /** The figure (for the workbook), and how it reads. */
  value: number | string | null;
  kind: CellKind;
}

/**
 * The summary's key numbers: the programme's median NPV (with a roadmap), the
 * best single median NPV and the use cases accepted (the recommendation's
 * headline counts), and the programme's probability of paying back within the
 * policy's months.
 * @example keyNumbers(ctx, rec).map((k) => k.text) // ["¥3398万", "¥1418万", "3 / 7", "62%"]
 */
export function keyNumbers(ctx: ViewContext, rec: RecommendationView): KeyNumber[] {
  const { f, report } = ctx;
  const r = report.roadmap;
  const out: KeyNumber[] = [];
  if (r) out.push({ id: 'programmeNpv', label: f.t('summary.programmeNpv'), text: f.money(r.portfolio.npv.p50), value: r.portfolio.npv.p50, kind: 'money' });
  out.push({ id: 'bestNpv', label: f.t('summary.bestNpv'), text: f.money(rec.bestNpv?.p50 ?? null), value: rec.bestNpv?.p50 ?? null, kind: 'money' });
  const accepted = f.t('rec.accepted', { accepted: rec.accepted, useCases: rec.useCases });
  out.push({ id: 'accepted', label: f.t('summary.acceptCount'), text: accepted, value: accepted, kind: 'text' });
  if (r) {
    const w = r.portfolio.paybackWithinPolicy;
    out.push({ id: 'programmePayback', label: f.t('summary.programmePayback', { months: f.monthCount(w.months) }), text: f.percent(w.probability), value: w.probability, kind: 'probability' });
  }
  return out;
}

/** How many neighbouring pairs of the ranking are spelled out. */
const CONFIDENCE_PAIRS = 3;

/**
 * How sure the ranking is: "A beats B in 83% of futures (NPV)" for the top
 * neighbouring pairs, then which scenario most often has the highest NPV. Empty
 * with one scenario.
 * @example confidenceLines(ctx)[0] // "Claims risk identification beats … in 71% of futures (NPV)."
 */
export function confidenceLines(ctx: ViewContext): string[] {
  const { f, names, ordered } = ctx;
  if (ordered.length < 2) return [];
  const { pairwise, probBest } = ctx.report.ranking;
  const lines: string[] = [];
  for (let k = 0; k + 1 < ordered.length && k < CONFIDENCE_PAIRS; k++) {
    const [a, b] = [ordered[k].id, ordered[k + 1].id];
    const p = pairwise[a]?.[b];
    if (p !== undefined) lines.push(f.t('confidence.beats', { a: names.scenario(a), b: names.scenario(b), probability: f.percent(p) }));
  }
  const best = [...ordered].sort((x, y) => (probBest[y.id] ?? 0) - (probBest[x.id] ?? 0))[0];
  lines.push(f.t('confidence.best', { name: names.scenario(best.id), probability: f.percent(probBest[best.id] ?? null) }));
  return lines;
}

/**
 * What the pilot should measure first (value of information), or why nothing needs measuring.
 * @example measureFirstLine(ctx) // "Measure … (Claims risk identification) first: …"
 */
export function measureFirstLine(ctx: ViewContext): string {
  const { f, names } = ctx;
  const voi = ctx.report.valueOfInformation;
  const first = voi.measureFirst;
  if (first) {
    return f.t('summary.measureFirstItem', {
      input: names.input(first.input),
      scenario: first.scenario === null ? f.t('appendix.shared') : names.scenario(first.scenario),
      worth: f.money(first.worth),
      evpi: f.money(voi.chooseBest.evpi),
    });
  }
  if (voi.chooseBest.evpi <= voi.chooseBest.noiseFloor) return f.t('measure.notNeeded', { evpi: f.money(voi.chooseBest.evpi) });
  return f.t('measure.none', { evpi: f.money(voi.chooseBest.evpi), noise: f.money(voi.chooseBest.noiseFloor) });
}
