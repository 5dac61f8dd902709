import { readFileSync } from 'node:fs';
import { analyze } from '../../engine/analyze.js';
import type { Report } from '../../engine/report.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/** Shared by the decision tests: the demo as raw JSON, a seeded run, a scenario by id, a closed-form scenario. */
export const demo = () => JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
export const run = (raw: unknown, trials = 8192, seed = 7) => analyze(normalizeProposal(raw), { trials, seed });
export const byId = (r: Report, id: string) => r.scenarios.find((s) => s.id === id)!;

/**
 * One scenario with a closed form: `upfront` paid at month 0, then `benefit`
 * a month from month 1 (no implementation, full adoption at once, no
 * discounting), so payback = upfront / benefit exactly.
 */
export function closedForm(benefit: unknown, upfront: unknown, extra: object = {}, horizonMonths = 24) {
  return {
    customer: { name: 'closed form' },
    horizonMonths,
    discountRate: 0,
    scenarios: [
      {
        id: 'x',
        name: 'x',
        adoption: { curve: 'none' },
        benefits: [{ kind: 'custom', quantityPerMonth: benefit, unitValue: 1 }],
        costs: [{ kind: 'oneOff', amount: upfront, timing: 'upfront' }],
        ...extra,
      },
    ],
  };
}
