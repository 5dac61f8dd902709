import { type Proposal, type Report, type Sampler, track } from '../engine/index.js';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import type { Lang } from '../reports/i18n.js';
import { loadActuals } from '../scenarios/actuals.js';
import { loadProposal } from '../scenarios/load.js';
import { type ReportView, pick } from '../reports/view/index.js';
import { appendixView } from '../reports/view/appendix.js';
import { viewContext } from '../reports/view/context.js';
import { trackingView } from '../reports/view/tracking.js';
import { terminalTable } from './format.js';

/** The option builders and writer program.ts shares with its commands. */
export interface CommandKit {
  trialsOption: () => Option;
  seedOption: () => Option;
  samplerOption: () => Option;
  langOption: () => Option;
  /** Writes the Report in each format asked for (`--json`, `--pdf`, `--xlsx`) through the renderer registry; returns the files written. */
  writeOutputs: (report: Report, opts: { proposal?: Proposal; json?: string; pdf?: string; xlsx?: string; lang?: Lang }) => Promise<string[]>;
}

interface TrackCliOptions {
  actuals: string;
  asOf?: number;
  trials: number;
  seed: number;
  sampler: Sampler;
  json?: string;
  pdf?: string;
  xlsx?: string;
  lang?: Lang;
  quiet?: boolean;
}

function parseMonth(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole month number (months since the decision date), found ${JSON.stringify(value)}`);
  return Number(value);
}

/** The forecast-versus-actual columns the terminal shows (all of them). */
export const TERMINAL_TRACKING_ROW_COLUMNS = ['month', 'measure', 'actual', 'p10', 'p50', 'p90', 'percentile', 'status', 'explainedBy'] as const;
/** The prior → posterior columns the terminal shows: the compact "mean (P10–P90)" forms. */
export const TERMINAL_TRACKING_INPUT_COLUMNS = ['input', 'prior', 'posterior', 'method', 'ess'] as const;

/**
 * The terminal output of `closedloop track`, read from the view: per scenario
 * the status, the forecast-versus-actual table, the inputs moved, the
 * re-forecast, the variance resolved and the recommendation with its reasons.
 * @example trackingLines(buildView(report, 'en')).join('\n')
 */
export function trackingLines(view: Pick<ReportView, 'tracking' | 'f'>): string[] {
  const tracking = view.tracking!;
  const { f } = view;
  const out: string[] = [tracking.title, ''];
  for (const s of tracking.scenarios) {
    out.push(s.statusLine, '');
    if (s.rows.rows.length) out.push(terminalTable(pick(s.rows, TERMINAL_TRACKING_ROW_COLUMNS)));
    out.push(`  ${s.statusText}`, '');
    if (s.inputs.rows.length) {
      out.push(f.t('tracking.section.inputs'), terminalTable(pick(s.inputs, TERMINAL_TRACKING_INPUT_COLUMNS)));
      for (const c of s.caveats) out.push(`  ${c}`);
      out.push('');
    }
    out.push(
      f.t('tracking.section.reforecast'),
      terminalTable(s.reforecast),
      `  ${s.varianceResolved}`,
      '',
      f.t('tracking.section.recommendation'),
      `  ${s.recommendation.headline}`,
      ...s.recommendation.reasons.map((m) => `    · ${m}`),
      '',
    );
  }
  if (tracking.replan) out.push(tracking.replan, '');
  return out;
}

/**
 * Registers `closedloop track <proposal> --actuals <file>`: the proposal's
 * analysis, the actuals checked against it (exit 2 naming row and column),
 * the update, the re-forecast and the recommendation; prints the tables, or
 * writes the Report with its `tracking` block (--json FILE, "-" for stdout),
 * the PDF with its pilot review (--pdf FILE) and the workbook with its
 * "Pilot review" sheet (--xlsx FILE), in --lang (default en).
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
    .option('--pdf <file>', 'write the proposal document with its pilot review (PDF)')
    .option('--xlsx <file>', 'write the workbook with its "Pilot review" sheet (Excel)')
    .addOption(kit.langOption())
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts: TrackCliOptions) => {
      const proposal = loadProposal(file);
      const actuals = loadActuals(opts.actuals, proposal, opts.asOf === undefined ? {} : { asOfMonth: opts.asOf });
      const report = track(proposal, actuals, { trials: opts.trials, seed: opts.seed, sampler: opts.sampler, createdAt: new Date().toISOString() });
      if (opts.json === '-') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      const lang = opts.lang ?? 'en';
      const written = await kit.writeOutputs(report, { proposal, json: opts.json === '-' ? undefined : opts.json, pdf: opts.pdf, xlsx: opts.xlsx, lang });
      if (opts.quiet || opts.json === '-') return;
      // Only the parts of the view the terminal prints: the whole view would lay out every section of the Report.
      const ctx = viewContext(report, lang);
      const view = { f: ctx.f, tracking: trackingView(ctx) };
      process.stdout.write(`${trackingLines(view).join('\n')}\n${appendixView(ctx).reproduce}\n`);
      for (const w of written) process.stdout.write(`Wrote ${w}\n`);
    });
}
