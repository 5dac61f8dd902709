import { formatMoney } from '../engine/money.js';
import type { Report } from '../engine/report.js';
import { adviceText } from '../reports/phrases.js';
import { renderTable, truncate } from './table.js';

/** Money for the table; "—" for a missing figure. */
export function formatMoneyCell(x: number | null, currency: string): string {
  return x === null ? '—' : formatMoney(x, currency);
}

export function formatMonths(x: number | null): string {
  return x === null ? 'never' : `${x.toFixed(1)} mo`;
}

export function formatPercent(p: number | null): string {
  return p === null ? '—' : `${Math.round(p * 100)}%`;
}

/** The ranked scenario table printed by `analyze` and `demo`. */
export function rankingTable(report: Report): string {
  const c = report.proposal.currency;
  const header = ['#', 'scenario', 'verdict', 'score', 'NPV P10', 'NPV P50', 'NPV P90', 'payback P50', 'P(payback ≤ 12 mo)'];
  const rows = report.scenarios.map((s) => [
    String(s.rank),
    truncate(s.name, 40),
    s.verdict,
    String(s.score),
    formatMoneyCell(s.npv.p10, c),
    formatMoneyCell(s.npv.p50, c),
    formatMoneyCell(s.npv.p90, c),
    formatMonths(s.paybackMonths.p50),
    formatPercent(s.paybackMonths.probWithin['12'] ?? null),
  ]);
  return renderTable(header, rows, new Set([0, 3, 4, 5, 6, 7, 8]));
}

/** The advice lines under the table, one per scenario that has any. */
export function adviceLines(report: Report): string[] {
  return report.scenarios.flatMap((s) => s.advice.filter((a) => a.code !== 'horizon-limited').map((a) => `  ${s.id}: ${adviceText(a, report.proposal.currency, 'en')}`));
}

/** The run's provenance in one line. */
export function provenanceLine(report: Report): string {
  const r = report.run;
  return `${r.trials.toLocaleString('en-US')} trials · seed ${r.seed} · ${r.sampler} · ${report.engine.name} ${report.engine.version} · input ${r.inputHash.slice(0, 12)}`;
}

/** How many neighbouring pairs of the ranking the CLI spells out. */
const CONFIDENCE_PAIRS = 3;

/** "A beats B in 83% of futures" for the top neighbouring pairs, then P(best) of each scenario. */
export function confidenceLines(report: Report): string[] {
  const { order, pairwise, probBest } = report.ranking;
  if (order.length < 2) return [];
  const name = (id: string) => truncate(report.scenarios.find((s) => s.id === id)!.name, 40);
  const lines: string[] = [];
  for (let k = 0; k + 1 < order.length && k < CONFIDENCE_PAIRS; k++) {
    const [a, b] = [order[k], order[k + 1]];
    lines.push(`  ${name(a)} beats ${name(b)} in ${formatPercent(pairwise[a][b])} of futures (NPV)`);
  }
  const best = order.map((id) => `${name(id)} ${formatPercent(probBest[id])}`).join(', ');
  lines.push(`  Highest NPV: ${best}`);
  return lines;
}

/** What the pilot should measure first, or why nothing needs measuring. */
export function measureFirstLine(report: Report): string {
  const voi = report.valueOfInformation;
  const money = (x: number) => formatMoney(x, report.proposal.currency);
  const first = voi.measureFirst;
  if (first) {
    const scenario = report.scenarios.find((s) => s.id === first.scenario);
    const what = scenario ? `${first.label} (${scenario.name})` : first.label;
    return `The pilot should measure ${what} first: resolving it is worth ${money(first.worth)} to the choice of scenario (perfect information on every input is worth ${money(voi.chooseBest.evpi)}).`;
  }
  if (voi.chooseBest.evpi <= voi.chooseBest.noiseFloor) {
    return `The decision does not hinge on any uncertain input: perfect information on all of them is worth only ${money(voi.chooseBest.evpi)}, so a pilot need not measure anything first to decide.`;
  }
  return `No single input is worth measuring first: perfect information on all of them is worth ${money(voi.chooseBest.evpi)}, yet knowing any one of them alone would not change the decision (each is within the estimator's noise, ${money(voi.chooseBest.noiseFloor)}).`;
}

/** The roadmap as a table: phase, months, items, spend, P(spend in band); then the programme's figures. */
export function roadmapTable(report: Report): string {
  const r = report.roadmap;
  if (!r) return '';
  const c = report.proposal.currency;
  const header = ['phase', 'months', 'items', 'spend P50', 'P(spend in band)', 'E[NPV] at start'];
  const rows = r.phases.flatMap((ph) =>
    ph.items.map((it, k) => [
      k === 0 ? String(ph.index) : '',
      k === 0 ? `${ph.startMonth + 1}–${ph.endMonth}` : '',
      truncate(it.name, 56),
      k === 0 ? formatMoneyCell(ph.spend.p50, c) : '',
      k === 0 ? formatPercent(ph.gates.budget.probability) : '',
      formatMoneyCell(it.expectedNpv, c),
    ]),
  );
  const lines = [renderTable(header, rows, new Set([0, 3, 4, 5]))];
  lines.push('', ...r.phases.map((ph) => `  ${ph.rationale}`));
  if (r.unscheduled.length) lines.push('', 'Not scheduled:', ...r.unscheduled.map((u) => `  ${u.name}: ${u.reason}`));
  const p = r.portfolio;
  const within = p.paybackMonths.probWithin;
  lines.push(
    '',
    `Programme: NPV P10 ${formatMoneyCell(p.npv.p10, c)} · P50 ${formatMoneyCell(p.npv.p50, c)} · P90 ${formatMoneyCell(p.npv.p90, c)}; one-off spend P50 ${formatMoneyCell(p.investment.p50, c)}; ` +
      `pays back within 12 / 24 / 36 months in ${formatPercent(within['12'] ?? null)} / ${formatPercent(within['24'] ?? null)} / ${formatPercent(within['36'] ?? null)} of futures.`,
    `Search: ${r.search.method === 'exact' ? 'exact (dynamic programme)' : `heuristic, within ${(r.search.gap * 100).toFixed(1)}% of the optimum`} over ${r.search.items} items; phases of ${r.rules.phaseMonths.min}–${r.rules.phaseMonths.max} months, ${formatMoney(r.rules.phaseBudget.min, c)}–${formatMoney(r.rules.phaseBudget.max, c)} each, up to ${r.rules.capacity} in parallel.`,
  );
  return lines.join('\n');
}
