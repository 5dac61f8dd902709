/**
 * The proposal files once the Report exists, in their own process:
 * `node dist/bench/render-run.js [threaded]` analyzes the demo once (10,000
 * trials, seed 12345), then times the renders and prints JSON.
 * Without an argument, in-process: "cold" is the first render of each
 * format, with its modules' import and the font read — what a process pays
 * that renders in-process (zh-CN PDF, then the workbook); "warm" is the best
 * of three later renders, per language.
 * With `threaded`, what `closedloop demo` pays once its Report exists (a
 * process of its own, so that nothing is loaded on the main thread before):
 * the wall time from handing the Report over to each file's bytes, the PDF on
 * its render thread (started and warmed up before the analysis, as the CLI
 * does) beside the workbook's first render on the main thread.
 */
import { analyze } from '../engine/analyze.js';
import { demoProposalPath } from '../cli/paths.js';
import { RenderThreads } from '../cli/render-threads.js';
import type { Lang } from '../reports/i18n.js';
import { loadProposal } from '../scenarios/load.js';

const REPEATS = 3;
const proposal = loadProposal(demoProposalPath());
const analyzeDemo = () => analyze(proposal, { trials: 10_000, seed: 12345, createdAt: '2026-01-01T00:00:00.000Z' });

if (process.argv[2] === 'threaded') {
  // As `closedloop demo`: the PDF's thread starts before the analysis; the workbook renders on this thread beside it.
  const threads = new RenderThreads(['pdf'], 'zh-CN');
  const report = analyzeDemo();
  const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
  const dispatched = process.hrtime.bigint();
  const [pdfZh, xlsxZh] = await Promise.all([
    threads.render('pdf', report, 'zh-CN').then(() => since(dispatched)),
    threads.render('xlsx', report, 'zh-CN', { proposal }).then(() => since(dispatched)),
  ]);
  process.stdout.write(`${JSON.stringify({ trials: 10_000, threaded: { pdfZh, xlsxZh, both: Math.max(pdfZh, xlsxZh) } })}\n`);
  process.exit(0);
}
const report = analyzeDemo();

/** Wall-clock and CPU seconds (user + system, this process's threads) of one render: the CPU figure is steadier on a shared machine. */
interface Timing {
  wall: number;
  cpu: number;
}

async function seconds(f: () => Promise<unknown>): Promise<Timing> {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  await f();
  const used = process.cpuUsage(c);
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

const pdf = async (lang: Lang) => (await import('../reports/pdf.js')).renderPdf(report, { lang });
const xlsx = async (lang: Lang) => (await import('../reports/xlsx.js')).renderXlsx(report, lang, { proposal });

const cold = { pdfZh: await seconds(() => pdf('zh-CN')), xlsxZh: await seconds(() => xlsx('zh-CN')) };
/** The best of REPEATS renders, wall and CPU each. */
const best = async (f: () => Promise<unknown>): Promise<Timing> => {
  const s = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < REPEATS; r++) {
    const t = await seconds(f);
    s.wall = Math.min(s.wall, t.wall);
    s.cpu = Math.min(s.cpu, t.cpu);
  }
  return s;
};
const warm = {
  pdfZh: await best(() => pdf('zh-CN')),
  pdfEn: await best(() => pdf('en')),
  xlsxZh: await best(() => xlsx('zh-CN')),
  xlsxEn: await best(() => xlsx('en')),
};
process.stdout.write(`${JSON.stringify({ trials: 10_000, cold, warm, targets: { pdf: 0.3, xlsx: 0.15 } })}\n`);
