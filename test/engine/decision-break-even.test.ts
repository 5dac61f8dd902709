import { describe, expect, it } from 'vitest';
import type { Advice, Report } from '../../engine/report.js';
import { closedForm, demo, run } from './decision-fixtures.js';

/**
 * The payback break-even (issue 10, item 6), checked the way a consultant
 * would use it: take the value the advice names, write it into the proposal,
 * simulate again (another seed, more trials) and read P(payback ≤ limit).
 */

type Raw = { assumptions?: Record<string, unknown>; scenarios: { id: string; costs: { kind: string; amount: unknown }[] }[] };

const paybackAdvice = (r: Report, id: string) => r.scenarios.find((s) => s.id === id)!.advice.filter((a) => a.gate === 'payback');
const value = (a: Advice, name: string) => (a.params[name] as { value: number }).value;
const paybackProbability = (r: Report, id: string) => r.scenarios.find((s) => s.id === id)!.gates.payback.probability;

/** Writes `x` where the proposal defines the input `key`: a shared assumption, a named input, or "SCENARIO_ID.path". */
function substitute(raw: Raw, key: string, x: number): void {
  if (raw.assumptions && key in raw.assumptions) {
    raw.assumptions[key] = x;
    return;
  }
  const dot = key.indexOf('.');
  const scenario = raw.scenarios.find((s) => s.id === key.slice(0, dot))!;
  const parts = key.slice(dot + 1).match(/[^.[\]]+/g)!;
  let node = scenario as unknown as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = x;
}

/** Multiplies every one-off line of a scenario by f (a PERT, triangular or uniform scales by its bounds). */
function scaleOneOff(raw: Raw, id: string, f: number): void {
  for (const c of raw.scenarios.find((s) => s.id === id)!.costs) {
    if (c.kind !== 'oneOff') continue;
    if (typeof c.amount === 'number') c.amount *= f;
    else {
      const q = c.amount as Record<string, number>;
      for (const k of ['min', 'mode', 'max']) if (k in q) q[k] *= f;
    }
  }
}

describe('payback break-even by goal seek through the model', () => {
  // Payback = C / (q·u) exactly, C = 100,000; q ~ U(2,000, 12,000) moves it most, u ~ U(0.8, 1.2).
  // With q fixed at x: P(payback ≤ 12) = P(u ≥ C/(12x)) = (1.2 − C/(12x)) / 0.4, which is 0.8 at x* = C / (12 · 0.88).
  const C = 100_000;
  const raw = () => {
    const p = closedForm({ dist: 'uniform', min: 2000, max: 12_000 }, C) as unknown as Raw & { scenarios: { benefits: Record<string, unknown>[] }[] };
    p.scenarios[0].benefits[0].unitValue = { dist: 'uniform', min: 0.8, max: 1.2 };
    return p;
  };
  const report = run(raw(), 16_384, 3);

  it('names the most influential input and the value it needs, matching the closed form', () => {
    const advice = paybackAdvice(report, 'x');
    expect(advice.map((a) => a.code)).toEqual(['payback-below-confidence', 'payback-break-even-input', 'payback-break-even-one-off']);
    const input = advice[1];
    expect(input.params.input).toEqual({ type: 'input', value: 'x.benefits[0].quantityPerMonth' });
    const exact = C / (12 * 0.88);
    // dP/dx at x* is C/(12·x*²·0.4); the goal seek's P carries at most the binomial error of its 8,192 trials plus its 0.005 stopping tolerance.
    const slope = C / (12 * exact * exact * 0.4);
    const tolerance = (4 * Math.sqrt((0.8 * 0.2) / 8192) + 0.005) / slope;
    expect(Math.abs(value(input, 'value') - exact)).toBeLessThan(tolerance);
    expect(value(input, 'current')).toBeCloseTo(7000, 6); // the median of U(2,000, 12,000)
  });

  it('the input break-even, written into the proposal and simulated again, gives P(payback ≤ 12) within 0.02 of the confidence', () => {
    const x = value(paybackAdvice(report, 'x')[1], 'value');
    const p = raw();
    substitute(p, 'x.benefits[0].quantityPerMonth', x);
    const again = run(p, 50_000, 99);
    expect(Math.abs(paybackProbability(again, 'x') - 0.8)).toBeLessThanOrEqual(0.02);
  });

  it('the one-off break-even, scaled into the proposal and simulated again, gives P within 0.02 of the confidence', () => {
    const oneOff = paybackAdvice(report, 'x')[2];
    const f = value(oneOff, 'factor');
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(1);
    expect(value(oneOff, 'investment')).toBeCloseTo(f * C, 6);
    const p = raw();
    scaleOneOff(p, 'x', f);
    expect(Math.abs(paybackProbability(run(p, 50_000, 98), 'x') - 0.8)).toBeLessThanOrEqual(0.02);
  });

  it('one-off break-even against a closed form: B ~ U(lo, hi) alone, so P(B ≥ f·C/12) = 0.8 at f = 12·(hi − 0.8·(hi − lo))/C', () => {
    const r = run(closedForm({ dist: 'uniform', min: 2000, max: 10_000 }, C), 16_384, 4);
    const oneOff = paybackAdvice(r, 'x').find((a) => a.code === 'payback-break-even-one-off')!;
    const exact = (12 * (10_000 - 0.8 * 8000)) / C;
    // dP/df = (C/12)/8000 per unit of f.
    const tolerance = (4 * Math.sqrt((0.8 * 0.2) / 8192) + 0.005) / (C / 12 / 8000);
    expect(Math.abs(value(oneOff, 'factor') - exact)).toBeLessThan(tolerance);
  });

  it('a shared assumption is substituted as an assumption, and P again lands within 0.02', () => {
    const p = raw() as Raw & { scenarios: { benefits: Record<string, unknown>[] }[] };
    p.assumptions = { volume: { dist: 'uniform', min: 2000, max: 12_000 } };
    p.scenarios[0].benefits[0].quantityPerMonth = { ref: 'volume' };
    const r = run(p, 16_384, 5);
    const input = paybackAdvice(r, 'x').find((a) => a.code === 'payback-break-even-input')!;
    expect(input.params.input).toEqual({ type: 'input', value: 'volume' });
    substitute(p, 'volume', value(input, 'value'));
    expect(Math.abs(paybackProbability(run(p, 50_000, 97), 'x') - 0.8)).toBeLessThanOrEqual(0.02);
  });

  it('says when no value in the input\'s range suffices, and simulating its best end confirms it', () => {
    // q ≤ 6,000 and u ≤ 1.2: at best C/(6,000·u) ≥ 13.9 months > 12 in every future.
    const p = raw() as Raw & { scenarios: { benefits: Record<string, unknown>[] }[] };
    p.scenarios[0].benefits[0].quantityPerMonth = { dist: 'uniform', min: 1000, max: 6000 };
    const r = run(p, 8192, 6);
    const none = paybackAdvice(r, 'x').find((a) => a.code === 'payback-no-break-even-input')!;
    expect(value(none, 'low')).toBe(1000);
    expect(value(none, 'high')).toBe(6000);
    substitute(p, 'x.benefits[0].quantityPerMonth', value(none, 'high'));
    expect(paybackProbability(run(p, 8192, 96), 'x')).toBeLessThan(0.8);
    // The one-off cost can still do it: free, it pays back in month 1.
    expect(paybackAdvice(r, 'x').some((a) => a.code === 'payback-break-even-one-off')).toBe(true);
  });

  it('says when even no one-off cost suffices: the running costs outweigh the benefits', () => {
    const p = closedForm({ min: 100, mode: 200, max: 300 }, 50_000) as unknown as Raw;
    p.scenarios[0].costs.push({ kind: 'recurring', monthly: 250 } as never);
    const r = run(p, 4096, 7);
    const advice = paybackAdvice(r, 'x');
    const none = advice.find((a) => a.code === 'payback-no-break-even-one-off')!;
    expect(value(none, 'probability')).toBeLessThan(0.8);
    scaleOneOff(p, 'x', 0);
    expect(paybackProbability(run(p, 4096, 95), 'x')).toBeLessThan(0.8);
  });

  it('on the demo: every payback failure has a break-even or says there is none, and each break-even re-simulates within 0.02', () => {
    const r = run(demo(), 8192, 7);
    const failed = r.scenarios.filter((s) => !s.gates.payback.pass);
    expect(failed.length).toBeGreaterThan(0);
    let checked = 0;
    for (const s of failed) {
      const advice = s.advice.filter((a) => a.gate === 'payback');
      expect(advice[0].code).toBe('payback-below-confidence');
      expect(advice.some((a) => /break-even/.test(a.code))).toBe(true);
      for (const a of advice) {
        const p = demo();
        if (a.code === 'payback-break-even-input') substitute(p, (a.params.input as { value: string }).value, value(a, 'value'));
        else if (a.code === 'payback-break-even-one-off') scaleOneOff(p, s.id, value(a, 'factor'));
        else continue;
        delete p.roadmap; // the standalone figure is the one the advice is about
        const again = run(p, 10_000, 31);
        expect(Math.abs(paybackProbability(again, s.id) - 0.8), `${s.id} ${a.code}`).toBeLessThanOrEqual(0.02);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
