import { type Report, type Sampler, type ScenarioTracking, type TrackingRow, track } from '../engine/index.js';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { type Lang, t } from '../reports/i18n.js';
import { formatMoneyFor, formatPercent } from '../reports/money.js';
import { trackingText } from '../reports/tracking-text.js';
import { loadActuals } from '../scenarios/actuals.js';
import { loadProposal } from '../scenarios/load.js';
import { Names, buildView, formatter } from '../reports/view/index.js';
import { renderTable, truncate } from './table.js';

/** The option builders and writer program.ts shares with its commands. */
export interface CommandKit {
  trialsOption: () => Option;
  seedOption: () => Option;
  samplerOption: () => Option;
  langOption: () => Option;
  writeJson: (file: string, value: unknown) => void;
}

interface TrackCliOptions {
  actuals: string;
  asOf?: number;
  trials: number;
  seed: number;
  sampler: Sampler;
  json?: string;
  lang?: Lang;
  quiet?: boolean;
}

function parseMonth(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole month number (months since the decision date), found ${JSON.stringify(value)}`);
  return Number(value);
}

/** An input's value, a share or money as the row's kind reads. */
function rowValue(row: TrackingRow, x: number, currency: string, lang: Lang): string {
  if (row.kind === 'adoption') return formatPercent(x);
  if (row.kind === 'input') return Number(x.toPrecision(4)).toLocaleString('en-US');
  return formatMoneyFor(x, currency, lang);
}

/** What a row measures, in words. */
function rowMeasure(row: TrackingRow, s: ScenarioTracking, lang: Lang, names: Names): string {
  if (row.kind === 'input') return row.input ? names.input(row.input) : row.measure;
  if (row.kind === 'cash-line') return row.line ? names.lineRef(`${s.id}/${row.line}`) : row.measure;
  if (row.kind === 'cash') return t(lang, row.direction > 0 ? 'tracking.measure.cash-benefits' : 'tracking.measure.cash-costs');
  return t(lang, row.kind === 'adoption' ? 'tracking.measure.adoption' : 'tracking.measure.cumulative-cash');
}

/**
 * The terminal output of `closedloop track`: per scenario the forecast-versus-actual table, the inputs moved, the re-forecast and the recommendation.
 * @example trackingLines(report, 'en').join('\n')
 */
export function trackingLines(report: Report, lang: Lang): string[] {
  const tracking = report.tracking!;
  const names = new Names(report, formatter(lang, report.proposal.currency));
  const c = report.proposal.currency;
  const money = (x: number | null) => formatMoneyFor(x, c, lang);
  const out: string[] = [t(lang, 'tracking.title', { customer: report.proposal.customer.name, month: tracking.asOfMonth }), ''];
  for (const s of tracking.scenarios) {
    const ctx = { report, scenario: s };
    out.push(t(lang, 'tracking.scenarioStatus', { scenario: s.name, status: t(lang, `tracking.statusWord.${s.status}` as never) }), '');
    if (s.rows.length) {
      out.push(
        renderTable(
          ['tracking.col.month', 'tracking.col.measure', 'tracking.col.actual', 'tracking.col.forecast', 'tracking.col.percentile', 'tracking.col.status', 'tracking.col.explainedBy'].map((k) => t(lang, k as never)),
          s.rows.map((r) => [
            String(r.month),
            truncate(rowMeasure(r, s, lang, names), 32),
            rowValue(r, r.actual, c, lang),
            [r.forecast.p10, r.forecast.p50, r.forecast.p90].map((x) => rowValue(r, x, c, lang)).join(' / '),
            formatPercent(r.percentile),
            t(lang, `tracking.statusWord.${r.status}` as never),
            r.explainedBy ? truncate(names.lineRef(`${s.id}/${r.explainedBy.line}`), 28) : '',
          ]),
          new Set([0, 2, 3, 4]),
        ),
      );
    }
    out.push(`  ${trackingText(s.statusMessage, ctx, lang)}`, '');
    if (s.inputs.length) {
      const range = (m: number | null, lo: number | null, hi: number | null) => (m === null ? '—' : `${Number(m.toPrecision(4))} (${Number((lo ?? m).toPrecision(4))}–${Number((hi ?? m).toPrecision(4))})`);
      out.push(
        t(lang, 'tracking.section.inputs'),
        renderTable(
          ['tracking.col.input', 'tracking.col.prior', 'tracking.col.posterior', 'tracking.col.method', 'tracking.col.ess'].map((k) => t(lang, k as never)),
          s.inputs.map((i) => [
            truncate(names.input(i.input), 36),
            range(i.prior.mean, i.prior.p10, i.prior.p90),
            range(i.posterior.mean, i.posterior.p10, i.posterior.p90),
            t(lang, `tracking.method.${i.method}` as never),
            Math.round(i.effectiveSampleSize).toLocaleString('en-US'),
          ]),
          new Set([1, 2, 4]),
        ),
      );
      for (const i of s.inputs) for (const cv of i.caveats) out.push(`  ${trackingText(cv, ctx, lang)}`);
      out.push('');
    }
    const p = s.prior;
    const r = s.reforecast;
    const months = report.policy.paybackMonths;
    out.push(
      t(lang, 'tracking.section.reforecast'),
      renderTable(
        ['tracking.col.figure', 'tracking.col.priorForecast', 'tracking.col.reforecast'].map((k) => t(lang, k as never)),
        [
          [t(lang, 'tracking.row.npvP50'), money(p.npv.p50), money(r.npv.p50)],
          [t(lang, 'tracking.row.npvRange'), `${money(p.npv.p10)} – ${money(p.npv.p90)}`, `${money(r.npv.p10)} – ${money(r.npv.p90)}`],
          [t(lang, 'tracking.row.npvPositive'), formatPercent(p.npvPositiveProbability), formatPercent(r.npvPositiveProbability)],
          [t(lang, 'tracking.row.paybackWithin', { months }), formatPercent(p.paybackWithinPolicy), formatPercent(r.gates.payback.probability)],
          [t(lang, 'tracking.row.verdict'), t(lang, `verdict.${p.verdict}`), t(lang, `verdict.${r.verdict}`)],
          [t(lang, 'tracking.row.score'), String(p.score), String(r.score)],
        ],
        new Set([1, 2]),
      ),
    );
    const v = s.varianceResolved;
    out.push(
      `  ${
        v.predictedShare === null
          ? t(lang, 'tracking.varianceResolvedNoPrediction', { share: formatPercent(v.share) })
          : t(lang, 'tracking.varianceResolved', { share: formatPercent(v.share), predicted: formatPercent(v.predictedShare) })
      }`,
      '',
      t(lang, 'tracking.section.recommendation'),
      `  ${trackingText(s.recommendation.message, ctx, lang)}`,
      ...s.recommendation.reasons.map((m) => `    · ${trackingText(m, ctx, lang)}`),
      '',
    );
  }
  if (tracking.replan === null && report.roadmap) out.push(t(lang, 'tracking.replanPending'), '');
  return out;
}

/**
 * Registers `closedloop track <proposal> --actuals <file>`: the proposal's
 * analysis, the actuals checked against it (exit 2 naming row and column),
 * the update, the re-forecast and the recommendation; prints the tables, or
 * writes the Report with its `tracking` block (--json FILE, "-" for stdout).
 * @example registerTrackCommand(program, kit)
 */
export function registerTrackCommand(program: Command, kit: CommandKit): void {
  program
    .command('track')
    .description('compare a pilot\'s actuals with the forecast, update the inputs, re-forecast and recommend go / adjust / stop')
    .argument('<proposal>', 'proposal file (.json, .yaml or .yml)')
    .requiredOption('--actuals <file>', 'actuals file: CSV with header scenario,month,measure,value,n,sd, or the same as JSON (docs/tracking.md)')
    .option('--as-of <month>', 'the last month the actuals speak for (default: the latest month of a row)', parseMonth)
    .addOption(kit.trialsOption())
    .addOption(kit.seedOption())
    .addOption(kit.samplerOption())
    .option('--json <file>', 'write the Report with its tracking block to this file ("-" for stdout)')
    .addOption(kit.langOption())
    .option('--quiet', 'print nothing but errors')
    .action((file: string, opts: TrackCliOptions) => {
      const proposal = loadProposal(file);
      const actuals = loadActuals(opts.actuals, proposal, opts.asOf === undefined ? {} : { asOfMonth: opts.asOf });
      const report = track(proposal, actuals, { trials: opts.trials, seed: opts.seed, sampler: opts.sampler, createdAt: new Date().toISOString() });
      if (opts.json === '-') {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      if (opts.json) kit.writeJson(opts.json, report);
      if (opts.quiet) return;
      const lang = opts.lang ?? 'en';
      process.stdout.write(`${trackingLines(report, lang).join('\n')}\n${buildView(report, lang).appendix.reproduce}\n`);
      if (opts.json) process.stdout.write(`Wrote ${resolve(opts.json)}\n`);
    });
}
