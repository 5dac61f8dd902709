/**
 * `npm run bench`: the engine against the C reference model (its roi.c, named by
 * the CLOSEDLOOP_REFERENCE_C environment variable and compiled here when given;
 * the project keeps no copy), in trial-months per second.
 * Never part of the test suite. Prints a table and the JSON of every measurement.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/paths.js';
import { pairedMedians } from './paired.js';

const root = packageRoot();
/** The C reference's source, when the environment names it (the project keeps no copy of it). */
const REFERENCE_C = process.env.CLOSEDLOOP_REFERENCE_C ?? '';
const REFERENCE_MONTHS = 36;

interface EngineRun {
  trials: number;
  scenarios: number;
  months: number;
  sampler: string;
  simulateSeconds: number;
  analyzeSeconds: number;
  analyticsSeconds: number;
  peakRssMb: number;
}

function engine(fixture: string, trials: number, sampler: string, threads = 1): EngineRun {
  const out = execFileSync(process.execPath, [join(root, 'dist', 'bench', 'engine-run.js'), join(root, 'fixtures', fixture), String(trials), sampler, String(threads)], { encoding: 'utf8' });
  return JSON.parse(out) as EngineRun;
}

/** Best of three runs of the compiled C reference, or null when its source is absent. */
function reference(trials: number): number | null {
  if (!existsSync(REFERENCE_C)) return null;
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const binary = join(dir, 'roi-ref');
  execFileSync('gcc', ['-O3', '-march=native', '-o', binary, REFERENCE_C, '-lm']);
  const times = [0, 1, 2].map(() => JSON.parse(execFileSync(binary, [String(trials), '12345'], { encoding: 'utf8' })).compute_s as number);
  return Math.min(...times);
}

const trialMonthsPerSecond = (trials: number, scenarios: number, months: number, s: number) => (trials * scenarios * months) / s;
const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : `${(x / 1e3).toFixed(0)} k`);

const rows: string[] = [];
const json: unknown[] = [];
/** The compiled C reference binary (built once per bench run), or null when its source is not named. */
function referenceBinary(): string | null {
  if (!existsSync(REFERENCE_C)) return null;
  const binary = join(root, '.bench', 'roi-ref');
  mkdirSync(join(root, '.bench'), { recursive: true });
  if (!existsSync(binary)) execFileSync('gcc', ['-O3', '-march=native', '-o', binary, REFERENCE_C, '-lm']);
  return binary;
}

// Start-up and whole processes (issue 14), each as a ratio to its reference measured in the same rounds.
{
  const cli = join(root, 'dist', 'cli', 'main.js');
  const node = (label: string, ...args: string[]) => ({ label, file: process.execPath, args });
  const reference = join(root, 'fixtures', 'reference-model.json');
  const startup = pairedMedians([node('node -e 0', '-e', '0'), node('closedloop --version', cli, '--version'), node('closedloop validate', cli, 'validate', reference)], 15);
  const binary = referenceBinary();
  const million = pairedMedians(
    [
      node('closedloop analyze reference 1M', cli, 'analyze', reference, '--trials', '1000000', '--quiet', '--json', join(root, '.bench', 'million.json')),
      { ...node('closedloop analyze reference 1M, one thread', cli, 'analyze', reference, '--trials', '1000000', '--quiet', '--json', join(root, '.bench', 'million-1.json')), env: { CLOSEDLOOP_THREADS: '1' } },
      ...(binary ? [{ label: 'C reference 1M', file: binary, args: ['1000000', '12345'] }] : []),
    ],
    3,
  );
  const demoDir = join(root, '.bench', 'demo-e2e');
  const ends = pairedMedians(
    [node('closedloop demo', cli, 'demo', '--out-dir', demoDir), node('closedloop plan demo 100k', cli, 'plan', join(root, 'fixtures', 'demo.json'), '--trials', '100000', '--quiet')],
    3,
  );
  const bare = startup['node -e 0'];
  const c = million['C reference 1M'];
  const line = (what: string, s: number, ref: string, ratio: string, target: string) => `${what} | ${s.toFixed(3)} s | ${ref} | ${ratio} | ${target}\n`;
  process.stdout.write('whole process (median of paired runs) | seconds | reference | ratio | target\n--- | --- | --- | --- | ---\n');
  process.stdout.write(line('closedloop --version', startup['closedloop --version'], `node -e 0 ${bare.toFixed(3)} s`, `${(startup['closedloop --version'] / bare).toFixed(2)}×`, '≤ 2×'));
  process.stdout.write(line('closedloop validate fixtures/reference-model.json', startup['closedloop validate'], `node -e 0 ${bare.toFixed(3)} s`, `${(startup['closedloop validate'] / bare).toFixed(2)}×`, '≤ 3×'));
  const m = million['closedloop analyze reference 1M'];
  process.stdout.write(line('closedloop analyze reference --trials 1000000', m, c === undefined ? 'C reference absent' : `C reference ${c.toFixed(3)} s`, c === undefined ? 'n/a' : `${(m / c).toFixed(2)}×`, '≤ 2×'));
  const one = million['closedloop analyze reference 1M, one thread'];
  process.stdout.write(line('the same on one thread (CLOSEDLOOP_THREADS=1)', one, c === undefined ? 'C reference absent' : `C reference ${c.toFixed(3)} s`, c === undefined ? 'n/a' : `${(one / c).toFixed(2)}×`, `two threads ${(one / m).toFixed(2)}× faster`));
  process.stdout.write(line('closedloop demo', ends['closedloop demo'], '—', `${(ends['closedloop demo'] / 1.5).toFixed(2)}× the goal`, '≤ 1.5 s'));
  process.stdout.write(line('closedloop plan fixtures/demo.json --trials 100000', ends['closedloop plan demo 100k'], '—', `${ends['closedloop plan demo 100k'].toFixed(2)}× the goal`, '≤ 1 s'));
  process.stdout.write('\n');
  json.push({ wholeProcess: { ...startup, ...million, ...ends } });
  // `node dist/bench/run.js --whole-process`: this table alone (a minute instead of the whole bench).
  if (process.argv.includes('--whole-process')) {
    process.stdout.write(`${JSON.stringify(json)}\n`);
    process.exit(0);
  }
}

for (const trials of [100_000, 1_000_000]) {
  const c = reference(trials);
  for (const sampler of ['lhs', 'mc']) {
    const e = engine('reference-model.json', trials, sampler);
    json.push({ fixture: 'reference-model', ...e, cSeconds: c });
    const ratio = (s: number) => (c === null ? 'n/a' : `${(s / c).toFixed(2)}×`);
    rows.push(
      [
        `reference ${trials.toLocaleString('en-US')} ${sampler}`,
        `${e.simulateSeconds.toFixed(3)} s`,
        `${e.analyzeSeconds.toFixed(3)} s`,
        `${fmt(trialMonthsPerSecond(trials, 1, REFERENCE_MONTHS, e.analyzeSeconds))}/s`,
        c === null ? 'absent' : `${c.toFixed(3)} s (${fmt(trialMonthsPerSecond(trials, 1, REFERENCE_MONTHS, c))}/s)`,
        ratio(e.simulateSeconds),
        ratio(e.analyzeSeconds),
        `${e.peakRssMb.toFixed(0)} MB`,
      ].join(' | '),
    );
  }
}
// Both cores: the same runs on two threads (the Report is the same; the speed-up is the point).
for (const [fixture, trials, label] of [['reference-model.json', 1_000_000, 'reference 1,000,000 lhs, 2 threads'], ['demo.json', 100_000, 'demo (7 scenarios) 100,000 lhs, 2 threads']] as const) {
  const e = engine(fixture, trials, 'lhs', 2);
  json.push({ fixture, threads: 2, ...e });
  rows.push([label, `${e.simulateSeconds.toFixed(3)} s`, `${e.analyzeSeconds.toFixed(3)} s`, `${fmt(trialMonthsPerSecond(trials, e.scenarios, e.months, e.analyzeSeconds))}/s`, '—', '—', '—', `${e.peakRssMb.toFixed(0)} MB`].join(' | '));
}
const demo = engine('demo.json', 100_000, 'lhs');
json.push({ fixture: 'demo', ...demo });
const analyticsNote = `demo (7 scenarios, 100,000 trials): decision analytics (sensitivity, ranking robustness, value of information) ${demo.analyticsSeconds.toFixed(3)} s against the simulation's ${demo.simulateSeconds.toFixed(3)} s (${((demo.analyticsSeconds / demo.simulateSeconds) * 100).toFixed(0)}%)`;
rows.push(
  [
    `demo (7 scenarios) 100,000 lhs`,
    `${demo.simulateSeconds.toFixed(3)} s`,
    `${demo.analyzeSeconds.toFixed(3)} s`,
    `${fmt(trialMonthsPerSecond(100_000, demo.scenarios, demo.months, demo.analyzeSeconds))}/s`,
    '—',
    '—',
    '—',
    `${demo.peakRssMb.toFixed(0)} MB`,
  ].join(' | '),
);

process.stdout.write('run | simulate | analyze (whole report) | engine trial-months/s (analyze) | C reference | simulate ÷ C | analyze ÷ C | peak RSS\n');
process.stdout.write('--- | --- | --- | --- | --- | --- | --- | ---\n');
process.stdout.write(`${rows.join('\n')}\n\n${analyticsNote}\n\n`);
const planRun = (which: string, trials: number) =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'plan-run.js'), which, String(trials)], { encoding: 'utf8' })) as {
    items: number;
    method: string;
    gap: number;
    phases: number;
    seconds: number;
  };
process.stdout.write('plan | items | search | phases | seconds (planning data + search + portfolio simulation)\n--- | --- | --- | --- | ---\n');
for (const [which, trials, label] of [
  ['demo', 100_000, 'demo (7 scenarios, stages), 100,000 trials'],
  ['forty', 100_000, '40 items, 100,000 trials'],
] as const) {
  const r = planRun(which, trials);
  json.push({ plan: which, trials, ...r });
  process.stdout.write(`${label} | ${r.items} | ${r.method}${r.gap > 0 ? ` (gap ≤ ${(r.gap * 100).toFixed(1)}%)` : ''} | ${r.phases} | ${r.seconds.toFixed(3)} s\n`);
}
// The search alone: the demo's SearchProblem, seeded random problems of 20 and 40 items and the hard family (bench/search-run.ts).
{
  const rows = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'search-run.js'), '10', '10'], { encoding: 'utf8' })) as {
    problem: string;
    items: number;
    instances: number;
    medianSeconds: number;
    maxSeconds: number;
    medianCpuSeconds: number;
    maxCpuSeconds: number;
    methods: string[];
    proven: number;
    maxGap: number;
  }[];
  process.stdout.write('\nsearch alone | items | instances | methods | proven optimal | largest gap | median (CPU) | slowest (CPU)\n--- | --- | --- | --- | --- | --- | --- | ---\n');
  for (const r of rows) {
    json.push({ search: r.problem, ...r });
    process.stdout.write(
      `${r.problem} | ${r.items} | ${r.instances} | ${r.methods.join(', ')} | ${r.proven} | ${(r.maxGap * 100).toFixed(2)}% | ${r.medianSeconds.toFixed(3)} s (${r.medianCpuSeconds.toFixed(3)} s) | ${r.maxSeconds.toFixed(3)} s (${r.maxCpuSeconds.toFixed(3)} s)\n`,
    );
  }
}
// `closedloop demo` end to end (process start, analysis with its roadmap, PDF, JSON and XLSX written), best of three.
const demoDir = join(root, '.bench', 'demo-out');
const demoRuns = [0, 1, 2].map(() => {
  const t = process.hrtime.bigint();
  execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'demo', '--out-dir', demoDir], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e9;
});
const demoSeconds = Math.min(...demoRuns);
json.push({ command: 'closedloop demo', seconds: demoSeconds });
process.stdout.write(`\nclosedloop demo (10,000 trials; writes report.json, proposal.pdf, proposal.xlsx): ${demoSeconds.toFixed(2)} s end to end (best of 3)\n`);
// The proposal files once the Report exists (the demo, 10,000 trials): the PDF's render thread as the CLI uses it, and in-process cold and warm.
{
  interface Timing {
    wall: number;
    cpu: number;
  }
  const renderRun = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'render-run.js'), ...args], { encoding: 'utf8' }));
  const r = { ...renderRun(), ...renderRun('threaded') } as {
    threaded: { pdfZh: number; xlsxZh: number; both: number };
    cold: Record<'pdfZh' | 'xlsxZh', Timing>;
    warm: Record<'pdfZh' | 'pdfEn' | 'xlsxZh' | 'xlsxEn', Timing>;
    targets: { pdf: number; xlsx: number };
  };
  json.push({ proposalFiles: r });
  const { pdf, xlsx } = r.targets;
  const row = (what: string, wall: number, cpu: number | null, target: number) =>
    `${what} | ${wall.toFixed(3)} s | ${cpu === null ? '—' : `${cpu.toFixed(3)} s`} | ${(wall / target).toFixed(2)}× the target | ≤ ${target} s\n`;
  process.stdout.write('\nproposal files (demo, 10,000 trials) once the Report exists | wall | CPU | ratio | target\n--- | --- | --- | --- | ---\n');
  process.stdout.write(row('PDF zh-CN on its render thread (closedloop demo)', r.threaded.pdfZh, null, pdf));
  process.stdout.write(row('workbook zh-CN on the main thread beside it (first render)', r.threaded.xlsxZh, null, xlsx));
  process.stdout.write(row('PDF zh-CN in-process, warm (best of 3)', r.warm.pdfZh.wall, r.warm.pdfZh.cpu, pdf));
  process.stdout.write(row('PDF en in-process, warm (best of 3)', r.warm.pdfEn.wall, r.warm.pdfEn.cpu, pdf));
  process.stdout.write(row('workbook zh-CN in-process, warm (best of 3)', r.warm.xlsxZh.wall, r.warm.xlsxZh.cpu, xlsx));
  process.stdout.write(row('workbook en in-process, warm (best of 3)', r.warm.xlsxEn.wall, r.warm.xlsxEn.cpu, xlsx));
  process.stdout.write(row('PDF zh-CN in-process, first (modules, fonts)', r.cold.pdfZh.wall, r.cold.pdfZh.cpu, pdf));
  process.stdout.write(row('workbook zh-CN in-process, first (exceljs)', r.cold.xlsxZh.wall, r.cold.xlsxZh.cpu, xlsx));
}
// `closedloop track` on the reference model with its fixture actuals against a plain `analyze`: end to end (best of 3) and in-process.
{
  const cli = (...args: string[]) =>
    Math.min(
      ...[0, 1, 2].map(() => {
        const t = process.hrtime.bigint();
        execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args, '--trials', '100000', '--quiet'], { stdio: 'ignore' });
        return Number(process.hrtime.bigint() - t) / 1e9;
      }),
    );
  const reference = join(root, 'fixtures', 'reference-model.json');
  const actuals = join(root, 'fixtures', 'reference-actuals.csv');
  const analyzeCli = cli('analyze', reference);
  const trackCli = cli('track', reference, '--actuals', actuals);
  const inProcess = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'track-run.js'), reference, actuals, '100000'], { encoding: 'utf8' })) as {
    analyzeSeconds: number;
    trackSeconds: number;
    methods: string[];
  };
  json.push({ command: 'closedloop track', analyzeCli, trackCli, ...inProcess });
  process.stdout.write(
    `\nclosedloop track (reference model, fixtures/reference-actuals.csv, 100,000 trials): ${trackCli.toFixed(2)} s end to end against ${analyzeCli.toFixed(2)} s for analyze (${(trackCli / analyzeCli).toFixed(2)}×); ` +
      `in-process track() ${inProcess.trackSeconds.toFixed(3)} s against analyze() ${inProcess.analyzeSeconds.toFixed(3)} s (${(inProcess.trackSeconds / inProcess.analyzeSeconds).toFixed(2)}×; updates: ${inProcess.methods.join(', ')})\n`,
  );
}
// The HTTP API under load (autocannon in its own process, loopback): SQLite and PostgreSQL, each against a bare fastify route in the same run.
process.stdout.write(
  '\napi | bare fastify req/s | GET /v1/scores req/s (÷ bare) | p99 | during 1M-trial runs req/s (÷ quiet) | POST /v1/analyze (reference, 10,000 trials) req/s | p99\n--- | --- | --- | --- | --- | --- | ---\n',
);
for (const database of ['sqlite', 'postgres']) {
  try {
    const r = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'api-run.js'), database], { encoding: 'utf8' })) as {
      bare: { requestsPerSecond: number };
      scores: { requestsPerSecond: number; p99Ms: number };
      scoresDuringRun: { requestsPerSecond: number };
      analyze: { requestsPerSecond: number; p99Ms: number };
      ratios: { scoresToBare: number; duringRunToQuiet: number };
    };
    json.push({ api: database, ...r });
    process.stdout.write(
      `${database} | ${r.bare.requestsPerSecond.toFixed(0)} | ${r.scores.requestsPerSecond.toFixed(0)} (${(r.ratios.scoresToBare * 100).toFixed(0)}%) | ${r.scores.p99Ms} ms | ${r.scoresDuringRun.requestsPerSecond.toFixed(0)} (${(r.ratios.duringRunToQuiet * 100).toFixed(0)}%) | ${r.analyze.requestsPerSecond.toFixed(1)} | ${r.analyze.p99Ms} ms\n`,
    );
  } catch (e) {
    process.stdout.write(`${database} | not measured: ${(e as Error).message.split('\n')[0]}\n`);
  }
}
// The executive page opened from a share link in Chromium (skipped without /usr/bin/chromium).
const pageRun = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'bench', 'page-run.js')], { encoding: 'utf8' })) as Record<string, number | string>;
json.push({ page: pageRun });
process.stdout.write(
  pageRun.skipped
    ? `\nexecutive page: not measured (${pageRun.skipped})\n`
    : `\nexecutive page (demo, 100,000 trials): interactive in ${pageRun.interactiveMsBest} ms best, ${pageRun.interactiveMsMedian} ms median of 5; app.js ${(Number(pageRun.jsBytes) / 1024).toFixed(0)} KB, ${(Number(pageRun.jsGzipBytes) / 1024).toFixed(0)} KB gzipped\n`,
);
process.stdout.write(`\n${JSON.stringify(json)}\n`);
