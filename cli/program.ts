import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ClosedloopError, DEFAULT_SEED, DEFAULT_TRIALS, ENGINE_VERSION, MAX_TRIALS, type Proposal, type Report, SAMPLERS, type Sampler, analyze, formatProblem } from '../engine/index.js';
import { type RenderFormat, renderReport } from '../reports/renderers.js';
import { buildView } from '../reports/view/index.js';
import { loadProposal } from '../scenarios/load.js';
import { groupDigits } from '../scenarios/group-digits.js';
import { proposalForRun, validateFile } from './proposal-input.js';
import { registerInit } from './init.js';
import { registerSweep } from './sweep.js';
import { registerDiff } from './diff.js';
import { TEMPLATES, findTemplate } from '../scenarios/templates/index.js';
import { planText, reportText } from './format.js';
import { demoProposalPath } from './paths.js';
import { registerTrackCommand } from './track.js';
import { RenderThreads, coreToSpare } from './render-threads.js';
import { type Lang, LANGS, defaultLang, t } from '../reports/i18n.js';
import { SHARE_DEFAULT_EXPIRES_DAYS, SHARE_MAX_EXPIRES_DAYS } from '../api/limits.js';

// Validation warnings (issue 10): `validate` and `analyze` print them on stderr, so that `--json -` stays clean.
/** One line per validation warning: "warning: PATH: sentence" (English, from the warning's code). */

/** Below this many trial-scenarios a run is too quick for a progress bar to help. */
const PROGRESS_MIN_WORK = 300_000;

function parseTrials(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number of trials ≥ 1, found ${JSON.stringify(value)}`);
  if (n > MAX_TRIALS) throw new InvalidArgumentError(`${n.toLocaleString('en-US')} is over the cap of ${MAX_TRIALS.toLocaleString('en-US')} trials`);
  return n;
}

function parseIntegerOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, found ${JSON.stringify(value)}`);
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) {
    throw new InvalidArgumentError(`expected a 32-bit integer seed, found ${JSON.stringify(value)}`);
  }
  return n | 0;
}

/** `--expires Nd`: whole days from 1 to SHARE_MAX_EXPIRES_DAYS. */
function parseExpiresDays(value: string): number {
  const m = /^(\d{1,3})d$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > SHARE_MAX_EXPIRES_DAYS) {
    throw new InvalidArgumentError(`expected a number of days from 1d to ${SHARE_MAX_EXPIRES_DAYS}d such as 30d, found ${JSON.stringify(value)}`);
  }
  return n;
}

interface RunOptions {
  trials: number;
  seed: number;
  sampler: Sampler;
  quiet?: boolean;
  /** true (default precision) or a fraction, from --auto-trials. */
  autoTrials?: number | true;
  maxTrials?: number;
}

/** Default precision of --auto-trials: standard error of mean NPV at most 1% of it. */
const DEFAULT_AUTO_TRIALS_RELATIVE_SE = 0.01;

function parseFraction(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError(`expected a fraction between 0 and 1 such as 0.01, found ${JSON.stringify(value)}`);
  return x;
}

/** The terminal's progress bar (cli-progress), loaded only when a bar is drawn. */
const loadProgressBar = async () => (await import('cli-progress')).default;

/** Runs the engine with a progress bar on stderr when it is a terminal and the run is not instant. */
async function runAnalysis(proposal: Proposal, opts: RunOptions): Promise<Report> {
  const { trials, seed, sampler } = opts;
  const autoTrials =
    opts.autoTrials === undefined
      ? undefined
      : { relativeSe: opts.autoTrials === true ? DEFAULT_AUTO_TRIALS_RELATIVE_SE : opts.autoTrials, maxTrials: opts.maxTrials ?? MAX_TRIALS };
  const work = (autoTrials ? autoTrials.maxTrials : trials) * proposal.scenarios.length;
  const cliProgress = process.stderr.isTTY && !opts.quiet && work >= PROGRESS_MIN_WORK ? await loadProgressBar() : null;
  const bar =
    cliProgress
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'simulating [{bar}] {percentage}% | {value}/{total} trials', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(trials, 0);
  try {
    return analyze(proposal, {
      trials,
      seed,
      sampler,
      autoTrials,
      createdAt: new Date().toISOString(),
      onProgress: (done, total) => {
        bar?.setTotal(total);
        bar?.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

/** Writes a file, creating its folder first (so `--json out/report.json` works in a fresh checkout). */
function writeOutput(file: string, content: string | Buffer): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

interface OutputOptions {
  /** The analysed proposal, so the workbook carries its editable Inputs and Structure sheets. */
  proposal?: Proposal;
  json?: string;
  pdf?: string;
  xlsx?: string;
  csv?: string;
  lang?: Lang;
}

/**
 * Writes the Report in every format asked for, through the renderer registry
 * (each renderer loads only when its format is asked for); returns the files written.
 */
async function writeOutputs(report: Report, opts: OutputOptions, threads?: RenderThreads): Promise<string[]> {
  const lang = opts.lang ?? defaultLang(report.proposal.currency);
  const written: string[] = [];
  const targets: [RenderFormat, string | undefined][] = [
    ['json', opts.json === '-' ? undefined : opts.json],
    ['pdf', opts.pdf],
    ['xlsx', opts.xlsx],
  ];
  // Every format starts rendering at once (the PDF on its thread beside the rest); the files are written in order.
  const rendering = targets.map(([format, file]) =>
    file ? (threads ? threads.render(format, report, lang, { proposal: opts.proposal }) : renderReport(format, report, lang, { proposal: opts.proposal })) : null,
  );
  // A format that fails before an earlier one is awaited is reported by its own await, not as unhandled.
  for (const r of rendering) r?.catch(() => {});
  for (const [k, [, file]] of targets.entries()) {
    if (!file) continue;
    const [rendered] = await rendering[k]!;
    writeOutput(file, rendered.bytes);
    written.push(resolve(file));
  }
  if (opts.csv) {
    mkdirSync(opts.csv, { recursive: true });
    for (const f of await renderReport('csv', report, lang)) {
      writeFileSync(join(opts.csv, f.name), f.bytes);
      written.push(resolve(join(opts.csv, f.name)));
    }
  }
  return written;
}

/** The PDF's render thread when an output option asks for a PDF and a core is free, started before the analysis so that its loading overlaps it. */
const startRenderThreads = (opts: OutputOptions, proposal: Proposal) => new RenderThreads(opts.pdf && coreToSpare() ? ['pdf'] : [], opts.lang ?? defaultLang(proposal.currency));

/** The analysis, stopping the render thread when it fails. */
async function analyzeWith(threads: RenderThreads, proposal: Proposal, opts: RunOptions): Promise<Report> {
  try {
    return await runAnalysis(proposal, opts);
  } catch (e) {
    threads.close();
    throw e;
  }
}

const langOption = () =>
  new Option('--lang <lang>', 'language of the PDF, workbook and CSV (default: zh-CN for CNY proposals, else en) and of the terminal output (default: en)').choices(LANGS as string[]);
const addOutputOptions = (c: Command) =>
  c
    .option('--json <file>', 'write the Report JSON to this file ("-" for stdout)')
    .option('--pdf <file>', 'write the proposal document (PDF)')
    .option('--xlsx <file>', 'write the workbook (Excel)')
    .option('--csv <dir>', 'write the workbook\'s tables as CSV files into this folder')
    .addOption(langOption());

/** The terminal's language: --lang when given, else English. */
const terminalLang = (opts: { lang?: Lang }): Lang => opts.lang ?? 'en';

/** Prints the Report's view in the terminal. */
function printReport(report: Report, lang: Lang): void {
  process.stdout.write(reportText(buildView(report, lang)));
}

/** "Wrote <file>" for each file written. */
function wroteLines(files: readonly string[], lang: Lang): string {
  return files.map((file) => `${t(lang, 'cli.wrote', { file })}\n`).join('');
}

const trialsOption = () => new Option('--trials <n>', `Monte Carlo trials (1 – ${groupDigits(MAX_TRIALS)})`).argParser(parseTrials).default(DEFAULT_TRIALS);
const seedOption = () => new Option('--seed <s>', 'random seed (32-bit integer)').argParser(parseSeed).default(DEFAULT_SEED);
const samplerOption = () => new Option('--sampler <kind>', 'lhs (Latin hypercube) or mc (plain Monte Carlo)').choices(SAMPLERS as string[]).default('lhs');

export function buildProgram(): Command {
  const program = new Command('closedloop')
    .description('Monte Carlo ROI and pilot planning for enterprise AI use cases')
    .version(ENGINE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  addOutputOptions(
    program
      .command('analyze')
      .description('simulate a proposal and print its ranked scenarios')
      .argument('<proposal>', 'proposal file (.json, .yaml, .yml or a closedloop .xlsx workbook)')
      .addOption(trialsOption())
      .addOption(seedOption())
      .addOption(samplerOption())
      .option('--auto-trials [fraction]', 'add trials until the standard error of mean NPV is at most this fraction of it (default 0.01)', parseFraction)
      .option('--max-trials <n>', 'the trial cap of --auto-trials (default 1,000,000)', parseTrials),
  )
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts: RunOptions & OutputOptions & { quiet?: boolean }) => {
      const proposal = await proposalForRun(file, opts.quiet);
      const threads = startRenderThreads(opts, proposal);
      const report = await analyzeWith(threads, proposal, opts);
      if (opts.json === '-') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      const written = await writeOutputs(report, { ...opts, proposal }, threads);
      if (!opts.quiet && opts.json !== '-') {
        printReport(report, terminalLang(opts));
        process.stdout.write(`\n${wroteLines(written, terminalLang(opts))}`);
      }
    });

  addOutputOptions(
    program
      .command('plan')
      .description('plan the phased pilot roadmap of a proposal with a roadmap block and print it')
      .argument('<proposal>', 'proposal file (.json, .yaml, .yml or a closedloop .xlsx workbook)')
      .addOption(trialsOption())
      .addOption(seedOption())
      .addOption(samplerOption()),
  )
    .option('--quiet', 'print nothing but errors')
    .action(async (file: string, opts: RunOptions & OutputOptions & { quiet?: boolean }) => {
      const proposal = await proposalForRun(file, opts.quiet);
      if (!proposal.roadmap) {
        throw new ClosedloopError('NO_ROADMAP', [{ path: 'roadmap', message: `${file} has no roadmap block: add "roadmap": {} to plan with the policy's bands (see docs/proposal-format.md)` }]);
      }
      const threads = startRenderThreads(opts, proposal);
      const report = await analyzeWith(threads, proposal, opts);
      if (opts.json === '-') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      const written = await writeOutputs(report, { ...opts, proposal }, threads);
      if (!opts.quiet && opts.json !== '-') {
        process.stdout.write(planText(buildView(report, terminalLang(opts))));
        process.stdout.write(`\n${wroteLines(written, terminalLang(opts))}`);
      }
    });

  registerTrackCommand(program, { trialsOption, seedOption, samplerOption, langOption, writeOutputs });

  program
    .command('validate')
    .description('check a proposal without simulating it')
    .argument('<proposal>', 'proposal file (.json, .yaml, .yml or a closedloop .xlsx workbook)')
    .action(validateFile);

  program
    .command('demo')
    .description('analyze the bundled demo proposal and write its report: JSON, PDF and workbook')
    .option('--out-dir <dir>', 'folder for the outputs', 'closedloop-demo')
    .addOption(trialsOption())
    .addOption(seedOption())
    .addOption(samplerOption())
    .addOption(langOption())
    .action(async (opts: RunOptions & { outDir: string; lang?: Lang }) => {
      const proposal = loadProposal(demoProposalPath());
      const out = (name: string) => join(opts.outDir, name);
      const outputs: OutputOptions = { json: out('report.json'), pdf: out('proposal.pdf'), xlsx: out('proposal.xlsx'), lang: opts.lang, proposal };
      const threads = startRenderThreads(outputs, proposal);
      const report = await analyzeWith(threads, proposal, opts);
      mkdirSync(opts.outDir, { recursive: true });
      // The PDF renders on its thread while the terminal summary is printed and the JSON and workbook are written.
      const writing = writeOutputs(report, outputs, threads);
      writing.catch(() => {});
      printReport(report, terminalLang(opts));
      const written = await writing;
      process.stdout.write(`\n${wroteLines(written, terminalLang(opts))}`);
    });

  const dbOption = () => new Option('--db <file>', 'SQLite database file (ignored when DATABASE_URL is set)').default('data/closedloop.db');
  const storeOptions = (db: string) => (process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { sqliteFile: db });

  program
    .command('serve')
    .description('start the HTTP API (migrations applied; PostgreSQL when DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on', (v) => parseIntegerOption('--port', v, 0, 65535), 3000)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(dbOption())
    .action(async (opts: { port: number; host: string; db: string }) => {
      const { startServer } = await import('../api/server.js');
      const server = await startServer({ port: opts.port, host: opts.host, ...storeOptions(opts.db) });
      process.stderr.write(`closedloop API listening on ${server.url} (docs at ${server.url}/docs)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  const keys = program.command('keys').description('API keys of a tenant');
  keys
    .command('create')
    .description('create an API key (printed alone on stdout, once)')
    .requiredOption('--tenant <name>', 'tenant name (created when new)')
    .option('--scope <scopes>', 'comma-separated scopes: read, write, admin', 'read')
    .addOption(dbOption())
    .action(async (opts: { tenant: string; scope: string; db: string }) => {
      const scopes = opts.scope.split(',').map((x) => x.trim());
      const { SCOPES } = await import('../api/store/types.js');
      const bad = scopes.filter((x) => !(SCOPES as readonly string[]).includes(x));
      if (bad.length) throw new ClosedloopError('INVALID_OPTION', [{ path: '--scope', message: `unknown scope ${bad.join(', ')}; use ${SCOPES.join(', ')}` }]);
      const { openStore } = await import('../api/store/database.js');
      const store = await openStore(storeOptions(opts.db));
      try {
        const tenant = (await store.findTenantByName(opts.tenant)) ?? (await store.createTenant(opts.tenant));
        const { key } = await store.createKey(tenant.id, scopes as never);
        await store.audit({ tenantId: tenant.id, actor: 'cli', action: 'create', resource: 'key', resourceId: key.slice(0, 10) });
        process.stdout.write(`${key}\n`);
      } finally {
        await store.close();
      }
    });
  keys
    .command('list')
    .description("list a tenant's keys (prefixes, scopes, revocation)")
    .requiredOption('--tenant <name>', 'tenant name')
    .addOption(dbOption())
    .action(async (opts: { tenant: string; db: string }) => {
      const { openStore } = await import('../api/store/database.js');
      const store = await openStore(storeOptions(opts.db));
      try {
        const tenant = await store.findTenantByName(opts.tenant);
        if (!tenant) throw new ClosedloopError('NOT_FOUND', [{ path: '--tenant', message: `no tenant is named ${JSON.stringify(opts.tenant)}` }]);
        for (const k of await store.listKeys(tenant.id)) {
          process.stdout.write(`${k.id}  ${k.prefix}…  ${k.scopes.join(',')}  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}\n`);
        }
      } finally {
        await store.close();
      }
    });
  keys
    .command('revoke')
    .description('revoke a key by its id')
    .requiredOption('--tenant <name>', 'tenant name')
    .argument('<keyId>', 'the key id shown by keys list')
    .addOption(dbOption())
    .action(async (keyId: string, opts: { tenant: string; db: string }) => {
      const { openStore } = await import('../api/store/database.js');
      const store = await openStore(storeOptions(opts.db));
      try {
        const tenant = await store.findTenantByName(opts.tenant);
        if (!tenant || !(await store.revokeKey(tenant.id, keyId))) {
          throw new ClosedloopError('NOT_FOUND', [{ path: 'keyId', message: `no key ${JSON.stringify(keyId)} for tenant ${JSON.stringify(opts.tenant)}` }]);
        }
        await store.audit({ tenantId: tenant.id, actor: 'cli', action: 'delete', resource: 'key', resourceId: keyId });
        process.stdout.write(`revoked ${keyId}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('share')
    .description('create a read-only link to a succeeded run (its URL /r/<token> printed alone on stdout, once)')
    .argument('<runId>', 'the id of a succeeded run')
    .addOption(
      new Option('--expires <days>', `how long the link opens: 1d – ${SHARE_MAX_EXPIRES_DAYS}d`)
        .argParser(parseExpiresDays)
        .default(SHARE_DEFAULT_EXPIRES_DAYS, `${SHARE_DEFAULT_EXPIRES_DAYS}d`),
    )
    .addOption(dbOption())
    .action(async (runId: string, opts: { expires: number; db: string }) => {
      const { openStore, findRunById } = await import('../api/store/index.js');
      const store = await openStore(storeOptions(opts.db));
      try {
        // The run's tenant comes from the run itself.
        const run = await findRunById(store, runId);
        if (!run) throw new ClosedloopError('NOT_FOUND', [{ path: 'runId', message: `no run has the id ${JSON.stringify(runId)}` }]);
        if (run.status !== 'succeeded') {
          throw new ClosedloopError('NOT_FINISHED', [{ path: 'runId', message: `the run is ${run.status}; only a succeeded run can be shared` }]);
        }
        const expiresAt = new Date(Date.now() + opts.expires * 86_400_000).toISOString();
        const { token, record } = await store.createShare(run.tenantId, run.id, expiresAt);
        await store.audit({ tenantId: run.tenantId, actor: 'cli', action: 'share', resource: 'share', resourceId: record.id });
        process.stdout.write(`/r/${token}\n`);
        process.stderr.write(`share link ${record.id} to run ${run.id}, expires ${record.expiresAt}\n`);
      } finally {
        await store.close();
      }
    });

  const templates = program.command('templates').description('the library of use-case templates');
  templates
    .command('list', { isDefault: true })
    .description('list the templates')
    .action(() => {
      const width = Math.max(...TEMPLATES.map((t) => t.id.length));
      for (const t of TEMPLATES) process.stdout.write(`${t.id.padEnd(width)}  ${t.title.en} — ${t.title['zh-CN']}\n`);
    });
  templates
    .command('show')
    .description('print one template as JSON, ready to paste into a proposal')
    .argument('<id>', 'template id')
    .action((id: string) => {
      const t = findTemplate(id);
      if (!t) throw new ClosedloopError('UNKNOWN_TEMPLATE', [{ path: '', message: `no template has the id ${JSON.stringify(id)}; known: ${TEMPLATES.map((x) => x.id).join(', ')}` }]);
      process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the proposal or the report')
    .addArgument(new Argument('<which>', 'proposal or report').choices(['proposal', 'report']))
    .action(async (which: 'proposal' | 'report') => {
      // The JSON Schemas are built from the zod schemas on demand: no other command pays for them.
      const { proposalJsonSchema, reportJsonSchema } = await import('../reports/json-schema.js');
      process.stdout.write(`${JSON.stringify(which === 'proposal' ? proposalJsonSchema() : reportJsonSchema(), null, 2)}\n`);
    });

  registerInit(program);
  registerSweep(program, parseTrials, parseSeed);
  registerDiff(program, parseTrials, parseSeed);
  return program;
}

/**
 * A ClosedloopError, also when thrown by the compiled API modules (`serve`, `keys`,
 * `share`), which the bundled CLI loads from dist/api/ with their own copy of the class.
 */
function isClosedloopError(e: unknown): e is ClosedloopError {
  return e instanceof ClosedloopError || (e instanceof Error && e.name === 'ClosedloopError' && Array.isArray((e as ClosedloopError).problems));
}

/** Runs the CLI; returns the exit code: 0 success, 2 invalid input, 1 internal error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors (already printed by commander) are invalid input.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isClosedloopError(e)) {
      for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
      return e.exitCode;
    }
    process.stderr.write(`closedloop: internal error: ${(e as Error).message}\n`);
    if (process.env.CLOSEDLOOP_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}
