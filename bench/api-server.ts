/**
 * A server for the API benchmark, in a process of its own:
 * `node dist/bench/api-server.js bare` starts a bare fastify app whose one
 * route answers a constant JSON body (the ceiling an API route is compared
 * with); `node dist/bench/api-server.js api sqlite|postgres-url` starts
 * `closedloop serve`'s server (rate limit lifted, concurrency 1), creates a
 * key and a proposal with a succeeded run, so GET /v1/scores has scores.
 * Prints one JSON line `{url, key?, proposalId?}` when ready; stops on SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { packageRoot } from '../cli/paths.js';
import { startServer } from '../api/server.js';

/** The bare route's body: about the size of a small JSON answer. */
const CONSTANT = { status: 'ok', service: 'bench', version: 1 };

async function bare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/constant', async () => CONSTANT);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

async function api(database: string): Promise<{ url: string; key: string; proposalId: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'closedloop-bench-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    ...(database === 'sqlite' ? { sqliteFile: join(dir, 'bench.db') } : { databaseUrl: database }),
    logger: false,
    concurrency: 1,
    // The per-key rate limit would answer 429 to a load test: lifted here.
    limits: { rateLimit: 100_000_000, maxActiveRunsPerTenant: 1000 },
  });
  const tenant = await server.store.createTenant('bench');
  const { key } = await server.store.createKey(tenant.id, ['write']);
  const reference = JSON.parse(readFileSync(join(packageRoot(), 'fixtures', 'reference-model.json'), 'utf8'));
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, any>>);
  const proposal = await post('/v1/proposals', { proposal: reference, crmRef: 'OPP-1' });
  const run = await post(`/v1/proposals/${proposal.id}/runs`, { trials: 10_000, seed: 1 });
  for (;;) {
    const r = (await fetch(`${server.url}/v1/runs/${run.id}`, { headers }).then((x) => x.json())) as Record<string, any>;
    if (r.status === 'succeeded') break;
    if (r.status === 'failed') throw new Error('bench run failed');
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    url: server.url,
    key,
    proposalId: proposal.id,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const which = process.argv[2];
const started = which === 'bare' ? await bare() : await api(process.argv[3] ?? 'sqlite');
const { close, ...ready } = started;
process.stdout.write(`${JSON.stringify(ready)}\n`);
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
