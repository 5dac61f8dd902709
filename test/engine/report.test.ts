import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { ERRORS } from '../../engine/errors.js';
import { reportSchema } from '../../engine/report.js';
import { proposalJsonSchema, reportJsonSchema } from '../../reports/json-schema.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/** Every number in a value tree, with its path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
}

describe('the Report', () => {
  const report = analyze(normalizeProposal(JSON.parse(readFileSync('fixtures/demo.json', 'utf8'))), { trials: 2000, seed: 3, createdAt: '2026-11-29T00:00:00.000Z' });

  it('matches its zod schema and holds no NaN or Infinity', () => {
    expect(reportSchema.safeParse(report).success).toBe(true);
    const bad = numbers(report).filter(([, x]) => !Number.isFinite(x));
    expect(bad).toEqual([]);
  });

  it('ranks 1…n in order, with scores from 0 to 100 and probabilities in [0, 1]', () => {
    expect(report.scenarios.map((s) => s.rank)).toEqual(report.scenarios.map((_, i) => i + 1));
    expect(report.ranking.order).toEqual(report.scenarios.map((s) => s.id));
    for (const s of report.scenarios) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(100);
      expect(s.score).toBe(Math.round(100 * s.gates.joint.probability));
      const ps = [s.npv.p5, s.npv.p10, s.npv.p25, s.npv.p50, s.npv.p75, s.npv.p90, s.npv.p95] as number[];
      expect([...ps].sort((a, b) => a - b)).toEqual(ps);
      const cum = s.cashflow.cumulative;
      cum.p10.forEach((x, m) => expect(x).toBeLessThanOrEqual(cum.p90[m]));
    }
  });

  it('ships JSON Schemas for the report and the proposal', () => {
    const r = reportJsonSchema();
    expect((r.properties as Record<string, unknown>).scenarios).toBeDefined();
    const p = proposalJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(p.properties)).toEqual(expect.arrayContaining(['customer', 'scenarios', 'assumptions', 'policy']));
    // Quantity fields show their accepted forms rather than an empty schema.
    expect(JSON.stringify(p)).toContain('"p95"');
  });
});

describe('the error catalogue', () => {
  it('has unique codes with an exit code and a title, and no HTTP status (the API maps codes to statuses)', () => {
    const codes = Object.keys(ERRORS);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of Object.values(ERRORS)) {
      expect([1, 2]).toContain(e.exitCode);
      expect(e.title).toMatch(/^[A-Z]/);
      expect('status' in e).toBe(false);
    }
  });
});

describe('model relations (property tests)', () => {
  const base = (unitValue: number, amount: number, monthly: number) =>
    normalizeProposal({
      customer: { name: 'p' },
      horizonMonths: 36,
      scenarios: [
        {
          id: 's',
          name: 's',
          implementationMonths: 3,
          adoption: { curve: 'linear', rampMonths: 4 },
          benefits: [{ kind: 'custom', quantityPerMonth: { min: 50, mode: 100, max: 200 }, unitValue }],
          costs: [
            { kind: 'oneOff', amount },
            { kind: 'recurring', monthly },
          ],
        },
      ],
    });
  it('more benefit never lowers ROI or NPV, and never delays payback (common random numbers)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 1000, max: 1e6, noNaN: true }), (unit, extra, amount) => {
        const a = analyze(base(unit, amount, 100), { trials: 200, seed: 1 }).scenarios[0];
        const b = analyze(base(unit + extra, amount, 100), { trials: 200, seed: 1 }).scenarios[0];
        expect(b.npv.mean!).toBeGreaterThanOrEqual(a.npv.mean! - 1e-6);
        expect(b.roi.p50!).toBeGreaterThanOrEqual(a.roi.p50! - 1e-12);
        expect(b.paybackMonths.probWithin['24']!).toBeGreaterThanOrEqual(a.paybackMonths.probWithin['24']!);
      }),
      { numRuns: 30 },
    );
  });
});

describe('uncertain implementation months', () => {
  it('are rounded to whole months per trial, within the estimate', () => {
    const p = normalizeProposal({
      customer: { name: 'p' },
      scenarios: [{ id: 's', name: 's', implementationMonths: { min: 3, mode: 4, max: 6 }, benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 1000 }], costs: [{ kind: 'oneOff', amount: 1000 }] }],
    });
    const s = analyze(p, { trials: 5000, seed: 2 }).scenarios[0];
    for (const key of ['min', 'p5', 'p25', 'p50', 'p75', 'p95', 'max'] as const) expect(Number.isInteger(s.implementationMonths[key])).toBe(true);
    expect(s.implementationMonths.min).toBe(3);
    expect(s.implementationMonths.max).toBe(6);
    // PERT 3/4/6 has mean (3 + 16 + 6)/6 = 4.1667; rounding keeps the mean within ±0.1 of it here.
    expect(Math.abs(s.implementationMonths.mean! - 25 / 6)).toBeLessThan(0.1);
  });
});
