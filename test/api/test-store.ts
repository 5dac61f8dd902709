/**
 * The store a test suite runs against: SQLite in memory by default, or a fresh
 * PostgreSQL database when CLOSEDLOOP_TEST_BACKEND=postgres (the *.pg.test.ts
 * files set it), dropped again by `cleanup`.
 */
import pg from 'pg';
import { openStore } from '../../api/store/database.js';
import type { Store } from '../../api/store/types.js';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function openTestStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (process.env.CLOSEDLOOP_TEST_BACKEND !== 'postgres') {
    const store = await openStore({ sqliteFile: ':memory:' });
    return { store, cleanup: () => store.close() };
  }
  const name = `closedloop_api_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const store = await openStore({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${name}` });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Whether PostgreSQL answers; without it the *.pg.test.ts suites skip with a notice (and fail under CI). */
export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
