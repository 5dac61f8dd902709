/**
 * API throughput on loopback with autocannon, in one run:
 * `node dist/bench/api-run.js sqlite|postgres` starts a bare fastify app (one
 * route, a constant JSON body) and the API (bench/api-server.ts), each in its
 * own process, and loads each in turn from a third process:
 *
 * - bare `GET /constant` — the ceiling;
 * - `GET /v1/scores?crmRef=…` with an API key — target ≥ 50% of the ceiling;
 * - the same while 1,000,000-trial runs execute — target ≥ 80% of the quiet figure;
 * - `POST /v1/analyze` of the reference model at 10,000 trials.
 *
 * Each pair is measured in alternating windows over several rounds; the
 * ratios are the medians of the rounds' ratios. Prints one JSON line:
 * requests/s and latency percentiles (median round) of each, every round, and the ratios.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { packageRoot } from '../cli/paths.js';

const which = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const root = packageRoot();
const reference = JSON.parse(readFileSync(join(root, 'fixtures', 'reference-model.json'), 'utf8'));
const PG = 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `closedloop_bench_${Date.now()}`;
/** Seconds per load window. */
const DURATION = 4;
/**
 * Each comparison alternates its two loads this many times and reports the
 * median of the per-round ratios: on a shared machine the load of other
 * processes drifts between windows, and adjacent windows see about the same.
 */
const ROUNDS = 3;
/** Connections of the read loads (a CRM syncing opportunities in parallel). */
const CONNECTIONS = 50;
/** 1M-trial runs queued for the "during a run" load: enough back to back to cover its whole window. */
const BACKGROUND_RUNS = 12;

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** autocannon in its own process, so the load generator does not share a server's thread. */
async function load(o: { url: string; connections: number; duration: number; method?: string; headers?: Record<string, string>; body?: string }): Promise<LoadResult> {
  const args = [join(root, 'node_modules', 'autocannon', 'autocannon.js'), '--json', '-c', String(o.connections), '-d', String(o.duration), '-m', o.method ?? 'GET'];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (o.body) args.push('-b', o.body);
  args.push(o.url);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadResult;
}

/** Starts bench/api-server.js and resolves with the JSON line it prints when ready. */
function server(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'bench', 'api-server.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, ready: JSON.parse(line) as Record<string, string> }));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const summary = (r: LoadResult) => ({ requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });

async function main() {
  let databaseUrl = 'sqlite';
  if (which === 'postgres') {
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  }
  const bare = await server(['bare']);
  const apiServer = await server(['api', databaseUrl]);
  try {
    const { url, key, proposalId } = apiServer.ready;
    const headers = { authorization: `Bearer ${key}` };
    const scoresLoad = () => load({ url: `${url}/v1/scores?crmRef=OPP-1`, connections: CONNECTIONS, duration: DURATION, headers });
    // Warm-up: both servers' JIT compiles the request path before anything is measured.
    await load({ url: `${bare.ready.url}/constant`, connections: CONNECTIONS, duration: 2 });
    await load({ url: `${url}/v1/scores?crmRef=OPP-1`, connections: CONNECTIONS, duration: 2, headers });
    const rounds: { bare: LoadResult; scores: LoadResult; quiet: LoadResult; during: LoadResult; busy: boolean }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bareLoad = await load({ url: `${bare.ready.url}/constant`, connections: CONNECTIONS, duration: DURATION });
      const scores = await scoresLoad();
      const quiet = await scoresLoad();
      // Runs queued back to back keep the executor's thread busy for the whole window.
      const runIds: string[] = [];
      for (let k = 0; k < BACKGROUND_RUNS; k++) {
        const r = (await fetch(`${url}/v1/proposals/${proposalId}/runs`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ trials: 1_000_000, seed: k + 2 }) }).then((x) => x.json())) as { id: string };
        runIds.push(r.id);
      }
      await new Promise((r) => setTimeout(r, 500));
      const during = await scoresLoad();
      const statuses = await Promise.all(runIds.map((id) => fetch(`${url}/v1/runs/${id}`, { headers }).then((x) => x.json() as Promise<{ status: string }>)));
      // The window was covered if runs were still queued or running when it ended.
      const busy = statuses.some((st) => st.status === 'queued' || st.status === 'running');
      for (const id of runIds) await fetch(`${url}/v1/runs/${id}/cancel`, { method: 'POST', headers });
      rounds.push({ bare: bareLoad, scores, quiet, during, busy });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rate = (r: LoadResult) => r.requests.average;
    const ceiling = summary(rounds.map((r) => r.bare).sort((a, b) => rate(a) - rate(b))[Math.floor(ROUNDS / 2)]);
    const scores = summary(rounds.map((r) => r.scores).sort((a, b) => rate(a) - rate(b))[Math.floor(ROUNDS / 2)]);
    const duringRun = summary(rounds.map((r) => r.during).sort((a, b) => rate(a) - rate(b))[Math.floor(ROUNDS / 2)]);
    const busyThroughout = rounds.every((r) => r.busy);
    const ratios = {
      scoresToBare: median(rounds.map((r) => rate(r.scores) / rate(r.bare))),
      duringRunToQuiet: median(rounds.map((r) => rate(r.during) / rate(r.quiet))),
    };
    const analyze = summary(
      await load({
        url: `${url}/v1/analyze`,
        connections: 8,
        duration: DURATION,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ proposal: reference, trials: 10_000, seed: 1 }),
      }),
    );
    process.stdout.write(
      `${JSON.stringify({
        database: which,
        bare: ceiling,
        scores,
        scoresDuringRun: { ...duringRun, busyThroughout },
        analyze,
        rounds: rounds.map((r) => ({ bare: rate(r.bare), scores: rate(r.scores), quiet: rate(r.quiet), duringRun: rate(r.during) })),
        ratios,
      })}\n`,
    );
  } finally {
    await stop(apiServer.child);
    await stop(bare.child);
    if (which === 'postgres') {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}
await main();
