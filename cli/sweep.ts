import { DEFAULT_SEED, DEFAULT_TRIALS, MAX_TRIALS, analyze } from '../engine/index.js';
import { type Command, Option } from 'commander';
import { LANGS, type Lang } from '../reports/i18n.js';
import { type ReportView, buildView } from '../reports/view/index.js';
import { proposalForRun } from './proposal-input.js';
import { groupDigits } from '../scenarios/group-digits.js';
import { terminalTable } from './format.js';

/**
 * `closedloop sweep FILE`: each scenario's verdict and score as the payback
 * limit, the confidence and the budget ceiling vary one at a time around the
 * proposal's own policy, read from the Report's policySweep (no re-simulation
 * per point: one run, every policy). The tables are the view's (reports/view/sweep.ts),
 * the same rows as the PDF's appendix.
 */

/**
 * The view's three one-axis sweep tables and their note, as terminal text ('' for a Report without a sweep).
 * @example sweepText(buildView(report, 'en')) // "Payback limit (months)  6  …"
 */
export function sweepText(view: ReportView): string {
  if (!view.sweep) return '';
  return [...view.sweep.tables.map(terminalTable), view.sweep.note].join('\n\n');
}

/**
 * Registers `sweep` on the program.
 * @example registerSweep(program) // closedloop sweep fixtures/demo.json
 */
export function registerSweep(program: Command, parseTrials: (v: string) => number, parseSeed: (v: string) => number): void {
  program
    .command('sweep')
    .description('verdict and score of each scenario as the payback limit, confidence and budget ceiling vary (one simulation)')
    .argument('<proposal>', 'proposal file (.json, .yaml, .yml or a closedloop .xlsx workbook)')
    .addOption(new Option('--trials <n>', `Monte Carlo trials (1 – ${groupDigits(MAX_TRIALS)})`).argParser(parseTrials).default(DEFAULT_TRIALS))
    .addOption(new Option('--seed <s>', 'random seed (32-bit integer)').argParser(parseSeed).default(DEFAULT_SEED))
    .addOption(new Option('--lang <lang>', 'language of the tables (default: en)').choices(LANGS as string[]))
    .option('--json', 'print the policySweep JSON instead of the tables')
    .action(async (file: string, opts: { trials: number; seed: number; lang?: Lang; json?: boolean }) => {
      // A fresh analysis always carries its policy sweep.
      const report = analyze(await proposalForRun(file), { trials: opts.trials, seed: opts.seed });
      process.stdout.write(opts.json ? `${JSON.stringify(report.policySweep, null, 2)}\n` : `${sweepText(buildView(report, opts.lang ?? 'en'))}\n`);
    });
}
