/**
 * The built CLI renders the PDF on a thread of its own (cli/render-threads.ts)
 * beside the workbook on the main thread: the files must be the bytes the
 * in-process renderers make from the same Report, also when the thread dies
 * (the main thread then renders).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RenderThreads } from '../../cli/render-threads.js';
import { analyze } from '../../engine/index.js';
import { renderPdf } from '../../reports/pdf.js';
import { renderXlsx } from '../../reports/xlsx.js';
import { loadProposal } from '../../scenarios/load.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILT_CLI = join(ROOT, 'dist', 'cli', 'main.js');
const REFERENCE = join(ROOT, 'fixtures', 'reference-model.json');
const dir = mkdtempSync(join(tmpdir(), 'closedloop-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('render threads of the built CLI', () => {
  const built = existsSync(BUILT_CLI) && existsSync(join(ROOT, 'dist', 'reports', 'render-worker.js'));
  it.skipIf(!built && !process.env.CI)('analyze --pdf --xlsx writes the same bytes as rendering its Report in-process', async () => {
    const out = (name: string) => join(dir, name);
    const child = spawnSync(
      process.execPath,
      [BUILT_CLI, 'analyze', REFERENCE, '--trials', '1000', '--quiet', '--lang', 'en', '--json', out('r.json'), '--pdf', out('r.pdf'), '--xlsx', out('r.xlsx')],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(child.status, `stderr:\n${child.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(out('r.json'), 'utf8'));
    const pdf = await renderPdf(report, { lang: 'en' });
    const xlsx = await renderXlsx(report, 'en', { proposal: loadProposal(REFERENCE) });
    expect(readFileSync(out('r.pdf')).equals(pdf)).toBe(true);
    expect(readFileSync(out('r.xlsx')).equals(xlsx)).toBe(true);
  });
});

describe('a render thread that dies', () => {
  const report = analyze(loadProposal(REFERENCE), { trials: 300, seed: 5, createdAt: '2026-11-29T00:00:00.000Z' });
  const worker = (name: string, source: string) => {
    const file = join(dir, name);
    writeFileSync(file, source);
    return pathToFileURL(file);
  };

  it.each([
    ['failing to start', 'failing.mjs', "throw new Error('no renderer here');\n"],
    ['without answering', 'silent.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n"],
  ])('%s leaves the PDF to the main thread, the same bytes', async (_what, name, source) => {
    const threads = new RenderThreads(['pdf'], 'en', worker(name, source));
    const [file] = await threads.render('pdf', report, 'en');
    expect(file.bytes.equals(await renderPdf(report, { lang: 'en' }))).toBe(true);
  });
});
