import type { Report } from '../engine/report.js';
import { renderTable, truncate } from './table.js';

/** Money with thousands separators and the currency's sign where it has a short one (¥1,860,000). */
export function formatMoney(x: number | null, currency: string): string {
  if (x === null) return '—';
  const sign = currency === 'CNY' ? '¥' : currency === 'USD' ? '$' : currency === 'EUR' ? '€' : `${currency} `;
  const abs = Math.round(Math.abs(x)).toLocaleString('en-US');
  return `${x < 0 ? '−' : ''}${sign}${abs}`;
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
    formatMoney(s.npv.p10, c),
    formatMoney(s.npv.p50, c),
    formatMoney(s.npv.p90, c),
    formatMonths(s.paybackMonths.p50),
    formatPercent(s.paybackMonths.probWithin['12'] ?? null),
  ]);
  return renderTable(header, rows, new Set([0, 3, 4, 5, 6, 7, 8]));
}

/** The advice lines under the table, one per scenario that has any. */
export function adviceLines(report: Report): string[] {
  return report.scenarios.flatMap((s) => s.advice.filter((a) => a.code !== 'horizon-limited').map((a) => `  ${s.id}: ${a.message}`));
}

/** The run's provenance in one line. */
export function provenanceLine(report: Report): string {
  const r = report.run;
  return `${r.trials.toLocaleString('en-US')} trials · seed ${r.seed} · ${r.sampler} · ${report.engine.name} ${report.engine.version} · input ${r.inputHash.slice(0, 12)}`;
}
