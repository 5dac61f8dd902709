/**
 * The executive page's speed: `node dist/bench/page-run.js` serves the demo run
 * (100,000 trials) behind a share link, opens it in Debian's Chromium five times,
 * and prints JSON with the best and median time from navigation to the first
 * ranking row (interactive), plus the bundle's raw and gzipped size.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildApp } from '../api/app.js';
import { startExecutor } from '../api/runs/executor.js';
import { openStore } from '../api/store/database.js';
import { packageRoot } from '../cli/paths.js';

const CHROMIUM = '/usr/bin/chromium';
const root = packageRoot();
if (!existsSync(CHROMIUM)) {
  process.stdout.write(`${JSON.stringify({ skipped: 'no /usr/bin/chromium' })}\n`);
  process.exit(0);
}
const store = await openStore({ sqliteFile: ':memory:' });
const tenant = await store.createTenant('bench');
const { key } = await store.createKey(tenant.id, ['write']);
const executor = await startExecutor({ store, instanceId: 'page-bench', concurrency: 1, pollMs: 50 });
const app = await buildApp({ store, executor, logger: false, limits: { rateLimit: 1e8 } });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, any>>);
const proposal = await post('/v1/proposals', { proposal: JSON.parse(readFileSync(join(root, 'fixtures', 'demo.json'), 'utf8')) });
const run = await post(`/v1/proposals/${proposal.id}/runs`, { trials: 100_000, seed: 1 });
for (;;) {
  const r = (await fetch(`${base}/v1/runs/${run.id}`, { headers }).then((x) => x.json())) as Record<string, any>;
  if (r.status === 'succeeded') break;
  await new Promise((res) => setTimeout(res, 200));
}
const share = await post(`/v1/runs/${run.id}/shares`, {});
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const times: number[] = [];
for (let k = 0; k < 5; k++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const t = Date.now();
  await page.goto(`${base}${share.url}`);
  await page.getByTestId('ranking-row').first().waitFor();
  times.push(Date.now() - t);
  await context.close();
}
await browser.close();
await app.close();
await executor.stop(1000);
await store.close();
const js = readFileSync(join(root, 'web', 'dist', 'assets', 'app.js'));
times.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ interactiveMsBest: times[0], interactiveMsMedian: times[2], jsBytes: statSync(join(root, 'web', 'dist', 'assets', 'app.js')).size, jsGzipBytes: gzipSync(js, { level: 9 }).length })}\n`,
);
