import { ClosedloopError, DEFAULT_SEED, DEFAULT_TRIALS, MAX_TRIALS, compareVersions, diffReports, makeDistribution, reportSchema, type ProposalDiff, type Quantity, type Report, type ReportDiff, type ScenarioAttribution } from '../engine/index.js';
import { upgradeReport } from '../reports/view/legacy.js';
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { proposalForRun } from './proposal-input.js';
import { groupDigits } from '../scenarios/group-digits.js';

/**
 * `closedloop diff A B`: what changed between two proposal versions (JSON,
 * YAML or workbook), or between two Reports; with --analyze, both proposals
 * are simulated on the same trials and each scenario's NPV P50 change is
 * attributed to the changed inputs one at a time, with the residual stated.
 */

/** The Report in a file, or null when the file is not one (then it is a proposal). */
function reportIn(file: string): Report | null {
  if (!/\.json$/i.test(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || !('schemaVersion' in raw) || !('run' in raw)) return null;
  // A Report stored before the planner spoke in typed codes is upgraded first (reports/view/legacy.ts).
  let upgraded = raw;
  try {
    upgraded = upgradeReport(raw as Report);
  } catch {
    // Not a Report after all: the schema check below says where.
  }
  const parsed = reportSchema.safeParse(upgraded);
  if (!parsed.success) throw new ClosedloopError('INVALID_OPTION', [{ path: file, message: `looks like a Report but does not match its schema (${parsed.error.issues[0]?.message})` }]);
  return parsed.data;
}

const number = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 6 });
const money = (x: number | null, currency: string) => (x === null ? 'n/a' : `${x < 0 ? '−' : '+'}${currency === 'CNY' ? '¥' : `${currency} `}${Math.round(Math.abs(x)).toLocaleString('en-US')}`);

function describeQuantity(q: Quantity | undefined): string {
  if (q === undefined) return '(none)';
  if (typeof q === 'number') return number(q);
  if ('ref' in q) return `shared ${q.ref}`;
  return makeDistribution(q.dist).describe();
}

/**
 * The proposal diff as lines of text.
 * @example proposalDiffText(diff) // ["changed  scenarios[a].costs[0].amount: PERT 1 / 2 / 3 → …"]
 */
export function proposalDiffText(d: ProposalDiff): string[] {
  if (d.same) return ['The two proposals are the same model (same input hash).'];
  const lines: string[] = [];
  for (const id of d.scenarios.added) lines.push(`added scenario    ${id}`);
  for (const id of d.scenarios.removed) lines.push(`removed scenario  ${id}`);
  for (const c of d.inputs.changed) lines.push(`changed input     ${c.path}: ${describeQuantity(c.before)} → ${describeQuantity(c.after)}`);
  for (const c of d.inputs.added) lines.push(`added input       ${c.path}: ${describeQuantity(c.after)}`);
  for (const c of d.inputs.removed) lines.push(`removed input     ${c.path}: ${describeQuantity(c.before)}`);
  for (const f of d.fields) lines.push(`changed field     ${f.path}: ${JSON.stringify(f.before) ?? '(none)'} → ${JSON.stringify(f.after) ?? '(none)'}`);
  return lines;
}

function reportDiffText(d: ReportDiff, currency: string): string[] {
  const lines = d.scenarios.map(
    (m) =>
      `${m.id}: verdict ${m.verdict.from}${m.verdict.to !== m.verdict.from ? ` → ${m.verdict.to}` : ''}, score ${m.score.from}${m.score.to !== m.score.from ? ` → ${m.score.to}` : ''}, rank ${m.rank.from}${m.rank.to !== m.rank.from ? ` → ${m.rank.to}` : ''}, NPV P50 ${money(m.npvP50.change, currency)}`,
  );
  if (d.added.length) lines.push(`only in the second: ${d.added.join(', ')}`);
  if (d.removed.length) lines.push(`only in the first: ${d.removed.join(', ')}`);
  if (!d.sameRun) lines.push('The two Reports ran with different seeds, trials or samplers: part of each move is Monte Carlo noise.');
  return lines;
}

function attributionText(rows: ScenarioAttribution[], currency: string): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.observed === null || (r.observed === 0 && !r.attributions.length)) continue;
    lines.push(`${r.id}: NPV P50 ${money(r.observed, currency)}`);
    for (const a of r.attributions) lines.push(`  ${a.path}: ${a.npvP50Change === null ? 'cannot be applied alone' : money(a.npvP50Change, currency)}`);
    lines.push(`  interaction and changes that cannot be applied alone (residual): ${money(r.residual, currency)}`);
  }
  return lines.length ? lines : ['No scenario’s NPV P50 moved.'];
}

/**
 * Registers `diff` on the program.
 * @example registerDiff(program, parseTrials, parseSeed) // closedloop diff v1.yaml v2.yaml --analyze
 */
export function registerDiff(program: Command, parseTrials: (v: string) => number, parseSeed: (v: string) => number): void {
  program
    .command('diff')
    .description('what changed between two proposals (JSON, YAML or workbook) or two Reports; --analyze also shows how verdicts, scores, ranks and NPV moved, and why')
    .argument('<from>', 'the earlier proposal or Report')
    .argument('<to>', 'the later proposal or Report')
    .option('--analyze', 'simulate both proposals on the same trials and attribute each NPV P50 change to the changed inputs')
    .addOption(new Option('--trials <n>', `Monte Carlo trials for --analyze (1 – ${groupDigits(MAX_TRIALS)})`).argParser(parseTrials).default(DEFAULT_TRIALS))
    .addOption(new Option('--seed <s>', 'random seed for --analyze').argParser(parseSeed).default(DEFAULT_SEED))
    .option('--json', 'print the differences as JSON')
    .action(async (fromFile: string, toFile: string, opts: { analyze?: boolean; trials: number; seed: number; json?: boolean }) => {
      const ra = reportIn(fromFile);
      const rb = reportIn(toFile);
      if ((ra === null) !== (rb === null)) {
        throw new ClosedloopError('INVALID_OPTION', [{ path: ra ? toFile : fromFile, message: 'compare two proposals or two Reports, not one of each' }]);
      }
      if (ra && rb) {
        const reports = diffReports(ra, rb);
        process.stdout.write(opts.json ? `${JSON.stringify({ reports }, null, 2)}\n` : `${reportDiffText(reports, rb.proposal.currency).join('\n')}\n`);
        return;
      }
      const a = await proposalForRun(fromFile);
      const b = await proposalForRun(toFile);
      const comparison = compareVersions(a, b, opts.analyze ? { trials: opts.trials, seed: opts.seed } : undefined);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
        return;
      }
      const { proposal, reports, attribution } = comparison;
      const text = reports && attribution ? [...proposalDiffText(proposal), '', ...reportDiffText(reports, b.currency), '', ...attributionText(attribution, b.currency)] : proposalDiffText(proposal);
      process.stdout.write(`${text.join('\n')}\n`);
    });
}
