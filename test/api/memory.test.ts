/**
 * A run's memory budget, end to end: a 1,000,000-trial run of the reference
 * model in `closedloop serve` peaks within 2× what `closedloop analyze` needs
 * for the same run (both started from source the same way; peak RSS of the
 * whole process from /proc, Linux only); and a run the budget cannot hold is
 * refused before it starts, naming the trial count that fits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/database.js';
import { startServeProcess } from './serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-memory-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const hasProc = existsSync('/proc/self/status');
if (!hasProc && !process.env.CI) console.warn('SKIPPED: /proc is not available, so the peak memory of a server run cannot be read.');

const TRIALS = 1_000_000;
const reference = JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8'));

/** Peak resident memory (VmHWM) of a live process, in MB. */
function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

/** `closedloop analyze` of the reference model: its own peak RSS as it exits, in MB. */
function cliPeak(): Promise<number> {
  const script = `const { main } = await import('./cli/program.ts');
const code = await main(['node', 'closedloop', 'analyze', 'fixtures/reference-model.json', '--trials', '${TRIALS}', '--json', ${JSON.stringify(join(dir, 'cli.json'))}]);
process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const m = /MAXRSS (\d+)/.exec(err);
      if (code !== 0 || !m) reject(new Error(`analyze failed (${code}): ${err}`));
      else resolve(Number(m[1]) / 1024);
    });
  });
}

describe.runIf(hasProc || process.env.CI)('the memory of a run in the server', () => {
  it(`a ${TRIALS.toLocaleString('en-US')}-trial run in \`closedloop serve\` peaks within 2× the CLI's peak for the same run`, async () => {
    const db = join(dir, 'memory.db');
    const store = await openStore({ sqliteFile: db });
    const tenant = await store.createTenant('memory');
    const { key } = await store.createKey(tenant.id, ['write']);
    await store.close();
    const served = await startServeProcess(['--db', db], {}, 60_000);
    const server = served.child;
    children.push(server);
    const base = served.url;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const proposal = (await (await fetch(`${base}/v1/proposals`, { method: 'POST', headers, body: JSON.stringify({ proposal: reference }) })).json()) as { id: string };
    const run = (await (await fetch(`${base}/v1/proposals/${proposal.id}/runs`, { method: 'POST', headers, body: JSON.stringify({ trials: TRIALS }) })).json()) as { id: string };
    for (let i = 0; ; i++) {
      const status = ((await (await fetch(`${base}/v1/runs/${run.id}`, { headers })).json()) as { status: string }).status;
      if (status === 'succeeded') break;
      if (status === 'failed' || i > 1200) throw new Error(`the run ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const serverMb = peakMb(server.pid!);
    server.kill('SIGTERM');
    const cliMb = await cliPeak();
    console.info(`peak RSS, ${TRIALS.toLocaleString('en-US')} trials of the reference model: server ${serverMb.toFixed(0)} MB, CLI ${cliMb.toFixed(0)} MB (${(serverMb / cliMb).toFixed(2)}×)`);
    expect(serverMb / cliMb).toBeLessThanOrEqual(2);
  }, 300_000);
});
