/**
 * API throughput on loopback with autocannon, against SQLite or PostgreSQL:
 * `node dist/bench/api-run.js sqlite|postgres` prints JSON with requests/s and
 * latency percentiles of GET /v1/scores and POST /v1/analyze (reference model,
 * 10,000 trials). The server runs in this process with the default executor.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { packageRoot } from '../cli/paths.js';
import { startServer } from '../api/server.js';

const which = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const root = packageRoot();
const reference = JSON.parse(readFileSync(join(root, 'fixtures', 'reference-model.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'closedloop-bench-'));
const PG = 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `closedloop_bench_${Date.now()}`;

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** autocannon in its own process, so the load generator does not share the server's thread. */
async function load(o: { url: string; connections: number; duration: number; method?: string; headers: Record<string, string>; body?: string }): Promise<LoadResult> {
  const args = [join(root, 'node_modules', 'autocannon', 'autocannon.js'), '--json', '-c', String(o.connections), '-d', String(o.duration), '-m', o.method ?? 'GET'];
  for (const [k, v] of Object.entries(o.headers)) args.push('-H', `${k}=${v}`);
  if (o.body) args.push('-b', o.body);
  args.push(o.url);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

async function main() {
  let databaseUrl: string | undefined;
  if (which === 'postgres') {
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  }
  // The per-key rate limit would answer 429 to a load test: lift it here.
  const server = await startServer({ port: 0, host: '127.0.0.1', sqliteFile: join(dir, 'bench.db'), databaseUrl, logger: false, limits: { rateLimit: 100_000_000 } });
  try {
    const tenant = await server.store.createTenant('bench');
    const { key } = await server.store.createKey(tenant.id, ['write']);
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
    const scores = await load({ url: `${server.url}/v1/scores?crmRef=OPP-1`, connections: 50, duration: 10, headers });
    const analyze = await load({
      url: `${server.url}/v1/analyze`,
      connections: 8,
      duration: 10,
      method: 'POST',
      headers,
      body: JSON.stringify({ proposal: reference, trials: 10_000, seed: 1 }),
    });
    const summary = (r: LoadResult) => ({ requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    process.stdout.write(`${JSON.stringify({ database: which, scores: summary(scores), analyze: summary(analyze) })}\n`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    if (which === 'postgres') {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}
await main();
