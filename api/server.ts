import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { type Limits, resolveLimits } from './limits.js';
import { type Executor, startExecutor } from './runs/executor.js';
import { openStore } from './store/database.js';
import type { Store } from './store/types.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** SQLite file (the embedded default); ignored when databaseUrl is set. */
  sqliteFile?: string;
  /** PostgreSQL connection string (several instances share one database and one queue of runs). */
  databaseUrl?: string;
  /** Runs executed at once by this instance; default: one per core beyond the first, at least 1. */
  concurrency?: number;
  logger?: boolean;
  /** Overrides of the request limits (the benchmark lifts the rate limit). */
  limits?: Partial<Limits>;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  executor: Executor;
  url: string;
  instanceId: string;
  close(): Promise<void>;
}

/** Seconds running analyses get to finish on shutdown before they are stopped and re-queued. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Opens the store (migrations applied), starts the run executor and the HTTP
 * server. `close()` stops taking requests, lets running analyses finish for a
 * grace period (then re-queues them), and closes the database.
 * @example const server = await startServer({ port: 3000, host: '127.0.0.1', sqliteFile: 'data/closedloop.db' })
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = await openStore(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { sqliteFile: options.sqliteFile ?? 'data/closedloop.db' });
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const logger = options.logger ?? true;
  const limits = resolveLimits(options.limits);
  const executor = await startExecutor({
    store,
    instanceId,
    concurrency: options.concurrency ?? Math.max(1, availableParallelism() - 1),
    // How long without a heartbeat before another instance takes a run over (tests shorten it).
    staleAfterMs: Number(process.env.CLOSEDLOOP_STALE_AFTER_MS ?? 30_000),
    memoryMb: limits.runMemoryMb,
  });
  const app = await buildApp({ store, executor, logger, limits });
  const url = await app.listen({ port: options.port, host: options.host });
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await executor.stop(SHUTDOWN_GRACE_MS);
      await store.close();
    })());
  return { app, store, executor, url, instanceId, close };
}
