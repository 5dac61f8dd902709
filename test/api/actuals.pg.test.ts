/** The actuals suite of actuals.test.ts again, against PostgreSQL. */
import { postgresReachable } from './test-store.js';

const reachable = await postgresReachable();
if (reachable || process.env.CI) {
  process.env.CLOSEDLOOP_TEST_BACKEND = 'postgres';
  await import('./actuals.test.js');
} else {
  const { it } = await import('vitest');
  console.warn('SKIPPED: PostgreSQL is not reachable at 127.0.0.1:5432, so the actuals suite does not run against it.');
  it.skip('actuals suite against PostgreSQL (PostgreSQL not reachable)', () => {});
}
