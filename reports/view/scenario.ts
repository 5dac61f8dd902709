import type { ScenarioReport } from '../../engine/index.js';
import type { ViewContext } from './context.js';

/** One acceptance gate as the reader sees it. */
export interface GateLine {
  id: 'payback' | 'budget' | 'phase' | 'joint';
  /** "Payback within 12 months". */
  label: string;
  probability: number;
  /** "83% of futures (needs 80%)". */
  probabilityText: string;
  pass: boolean;
  /** "pass" / "fail". */
  passText: string;
  /** The whole line: "Payback within 12 months: 83% of futures (needs 80%) — pass". */
  text: string;
}

/** The words and chart entries of one scenario's page (PDF) and drill-down (web page). */
export interface ScenarioView {
  id: string;
  name: string;
  verdict: ScenarioReport['verdict'];
  /** "Scenario 2: Claims risk identification". */
  title: string;
  /** "accept · Score 80". */
  status: string;
  /** NPV P10/P50/P90, payback P50, P(payback ≤ policy months). */
  keyFigures: string;
  /** The same as tiles: NPV P50 (with its P10–P90 range), payback P50, P(payback ≤ policy months), investment P50. */
  figures: { id: string; label: string; text: string; note?: string }[];
  gates: GateLine[];
  /** Advice sentences; when there is none, one line saying whether the scenario meets every rule. */
  advice: string[];
  /** Caveats, each a sentence next to the figures it qualifies. */
  caveats: string[];
  /** What a pilot should measure for this scenario's go / no-go (up to 3), or why nothing. */
  measure: string[];
  /** The top inputs by swing in words: "review hours · minutes before: NPV ¥120万 → ¥310万". */
  drivers: string[];
  /** The tornado's entries with their inputs named. */
  tornado: { label: string; low: number; high: number }[];
  /** The benefit chart's entries with their lines named. */
  benefits: { label: string; pvMean: number }[];
}

/** Advice codes that are about the method rather than the scenario (the horizon note is said once, elsewhere). */
const METHOD_NOTES = new Set(['horizon-limited']);

/**
 * The advice sentences of a scenario (method notes left out).
 * @example scenarioAdvice(ctx, s) // ["Median investment ¥85,101 is below …"]
 */
export function scenarioAdvice(ctx: ViewContext, s: ScenarioReport): string[] {
  return s.advice.filter((a) => !METHOD_NOTES.has(a.code)).map((a) => ctx.sentences.of('advice', a));
}

/** True when the policy makes only the ceilings of the budget and phase bands gates (the floors are advice). */
function ceilingsOnly(ctx: ViewContext): boolean {
  return (ctx.report.policy as { floors?: string }).floors === 'advice';
}

/**
 * The gates of a scenario with labels that follow the policy (its payback
 * months, its bands or ceilings, its confidence).
 * @example gateLines(ctx, s)[0].label // "Payback within 18 months"
 */
export function gateLines(ctx: ViewContext, s: ScenarioReport): GateLine[] {
  const { f } = ctx;
  const g = s.gates;
  const confidence = f.percent(ctx.report.policy.confidence);
  const ceilings = ceilingsOnly(ctx);
  const line = (id: GateLine['id'], label: string, gate: { probability: number; pass: boolean }): GateLine => {
    const probabilityText = f.t('gate.needs', { probability: f.percent(gate.probability), confidence });
    const passText = f.t(gate.pass ? 'gate.pass' : 'gate.fail');
    return { id, label, probability: gate.probability, probabilityText, pass: gate.pass, passText, text: f.t('gate.line', { label, probability: probabilityText, result: passText }) };
  };
  return [
    line('payback', f.t('gate.payback', { months: f.monthCount(g.payback.thresholdMonths) }), g.payback),
    line('budget', ceilings ? f.t('gate.budgetCeiling', { max: f.money(g.budget.max) }) : f.t('gate.budget', { min: f.money(g.budget.min), max: f.money(g.budget.max) }), g.budget),
    line('phase', ceilings ? f.t('gate.phaseCeiling', { max: f.monthCount(g.phase.maxMonths) }) : f.t('gate.phase', { min: f.monthCount(g.phase.minMonths), max: f.monthCount(g.phase.maxMonths) }), g.phase),
    line('joint', f.t('gate.joint'), g.joint),
  ];
}

/**
 * The key figures of a scenario in one sentence: NPV percentiles, payback P50
 * and the probability of paying back within the policy's months.
 * @example keyFigures(ctx, s) // "NPV P10 / P50 / P90: … · P(payback ≤ 12 mo): 83%"
 */
export function keyFigures(ctx: ViewContext, s: ScenarioReport): string {
  const { f } = ctx;
  return f.t('scenario.keyFigures', {
    p10: f.money(s.npv.p10),
    p50: f.money(s.npv.p50),
    p90: f.money(s.npv.p90),
    payback: f.months(s.paybackMonths.p50),
    months: f.monthCount(ctx.report.policy.paybackMonths),
    within: f.percent(s.gates.payback.probability),
  });
}

/** How many inputs the scenario page and the drill-down name as worth measuring, and as the biggest drivers. */
const TOP_INPUTS = 3;

/**
 * One scenario's page in words.
 * @example scenarioView(ctx, report.scenarios[0]).gates.map((g) => g.label)
 */
export function scenarioView(ctx: ViewContext, s: ScenarioReport): ScenarioView {
  const { f, names } = ctx;
  const name = names.scenario(s.id);
  const gates = gateLines(ctx, s);
  const advice = scenarioAdvice(ctx, s);
  const failed = gates.filter((g) => g.id !== 'joint' && !g.pass);
  const voi = ctx.report.valueOfInformation.goNoGo[s.id];
  const worth = voi
    ? Object.entries(voi.evppi)
        .filter(([, v]) => Number.isFinite(v) && v > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_INPUTS)
    : [];
  return {
    id: s.id,
    name,
    verdict: s.verdict,
    title: f.t('section.scenario', { rank: s.rank, name }),
    status: `${f.t(`verdict.${s.verdict}`)} · ${f.t('col.score')} ${s.score}`,
    keyFigures: keyFigures(ctx, s),
    figures: [
      { id: 'npvP50', label: f.t('col.npvP50'), text: f.money(s.npv.p50), note: f.t('web.drilldown.npvRange', { p10: f.money(s.npv.p10), p90: f.money(s.npv.p90) }) },
      { id: 'paybackP50', label: f.t('col.paybackP50'), text: f.months(s.paybackMonths.p50) },
      { id: 'paybackWithin', label: f.t('col.paybackWithin', { months: f.monthCount(ctx.report.policy.paybackMonths) }), text: f.percent(s.gates.payback.probability) },
      { id: 'investmentP50', label: f.t('col.investmentP50'), text: f.money(s.investment.p50) },
    ],
    gates,
    advice: advice.length
      ? advice
      : failed.length
        ? [f.t('scenario.noAdviceFailed', { gates: f.list(failed.map((g) => g.label)) })]
        : [f.t('scenario.noAdvice')],
    caveats: (s.caveats ?? []).map((c) => ctx.sentences.of('caveat', c)),
    measure: !voi ? [] : worth.length ? worth.map(([key, v]) => f.t('scenario.measureItem', { input: names.input(key), worth: f.money(v) })) : [f.t('scenario.noMeasure')],
    drivers: s.sensitivity
      .filter((e) => Number.isFinite(e.low) && Number.isFinite(e.high))
      .slice(0, TOP_INPUTS)
      .map((e) => f.t('web.drivers.item', { input: names.input(e.input), low: f.money(e.low), high: f.money(e.high) })),
    tornado: s.sensitivity.map((e) => ({ label: names.input(e.input), low: e.low, high: e.high })),
    benefits: s.benefits.map((b) => ({ label: names.line(b), pvMean: b.pvMean })),
  };
}
