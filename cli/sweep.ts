import { DEFAULT_SEED, DEFAULT_TRIALS, MAX_TRIALS, analyze, type Report } from '../engine/index.js';
import { type Command, Option } from 'commander';
import { proposalForRun } from './proposal-input.js';
import { groupDigits } from '../scenarios/group-digits.js';
import { renderTable } from './table.js';

/**
 * `closedloop sweep FILE`: each scenario's verdict and score as the payback
 * limit, the confidence and the budget ceiling vary one at a time around the
 * proposal's own policy, read from the Report's policySweep (no re-simulation
 * per point: one run, every policy).
 */

const VERDICT_SHORT = { accept: 'accept', consider: 'consider', 'mandate-only': 'mandate' } as const;

/**
 * The three one-axis tables of a Report's policy sweep, as text.
 * @example sweepTables(report) // "Payback limit (months) …"
 */
export function sweepTables(report: Report): string {
  const sweep = report.policySweep;
  if (!sweep) return 'This Report has no policy sweep (it was made by an older closedloop): re-run analyze.';
  const { axes, current } = sweep;
  const names = new Map(report.scenarios.map((s) => [s.id, s.name]));
  const money = (x: number) => `${report.proposal.currency === 'CNY' ? '¥' : `${report.proposal.currency} `}${Math.round(x).toLocaleString('en-US')}`;
  const table = (title: string, labels: string[], at: (k: number) => [number, number, number], own: number) => {
    const header = [title, ...labels.map((l, k) => (k === own ? `${l} *` : l))];
    const rows = sweep.scenarios.map((s) => [
      names.get(s.id) ?? s.id,
      ...labels.map((_, k) => {
        const [i, j, b] = at(k);
        return `${VERDICT_SHORT[s.verdicts[i][j][b]]} ${s.scores[i][j][b]}`;
      }),
    ]);
    return renderTable(header, rows, new Set(labels.map((_, k) => k + 1)));
  };
  return [
    table('payback limit (months)', axes.paybackMonths.map(String), (k) => [k, current.confidence, current.budgetMax], current.paybackMonths),
    table('confidence', axes.confidence.map((c) => `${Math.round(c * 100)}%`), (k) => [current.paybackMonths, k, current.budgetMax], current.confidence),
    table('budget ceiling', axes.budgetMax.map(money), (k) => [current.paybackMonths, current.confidence, k], current.budgetMax),
    '* the proposal’s own policy. Each cell: verdict and score (0–100) at that policy, the other two at the proposal’s; the Report’s policySweep holds every combination.',
  ].join('\n\n');
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
    .option('--json', 'print the policySweep JSON instead of the tables')
    .action(async (file: string, opts: { trials: number; seed: number; json?: boolean }) => {
      const report = analyze(await proposalForRun(file), { trials: opts.trials, seed: opts.seed });
      process.stdout.write(opts.json ? `${JSON.stringify(report.policySweep, null, 2)}\n` : `${sweepTables(report)}\n`);
    });
}
