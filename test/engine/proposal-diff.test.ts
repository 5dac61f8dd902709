/**
 * Comparing versions (issue 15): the diff of the demo against a copy with one
 * changed input lists exactly that input; the NPV P50 change attributed to the
 * changed inputs one at a time sums to the observed change within the stated
 * residual (0 for a single change, the interaction for several).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { attributeNpvChanges } from '../../engine/analytics/npv-attribution.js';
import { diffProposals } from '../../engine/analytics/proposal-diff.js';
import { diffReports } from '../../engine/analytics/report-diff.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { run } from '../cli/run-cli.js';

const RUN = { trials: 2048, seed: 21 };
const demoRaw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
const demo = normalizeProposal(demoRaw);

/** A copy of the demo's raw JSON with `edit` applied, normalised. */
function edited(edit: (raw: any) => void) {
  const raw = structuredClone(demoRaw);
  edit(raw);
  return normalizeProposal(raw);
}
const scenario = (raw: any, id: string) => raw.scenarios.find((s: any) => s.id === id);

describe('diffProposals', () => {
  it('the demo against a copy with one changed input lists exactly that input', () => {
    const v2 = edited((r) => {
      scenario(r, 'om-design-review').costs[0].amount.mode = 600_000;
    });
    const d = diffProposals(demo, v2);
    expect(d.same).toBe(false);
    expect(d.inputs.changed.map((c) => c.path)).toEqual(['scenarios[om-design-review].costs[0].amount']);
    expect(d.inputs.added).toEqual([]);
    expect(d.inputs.removed).toEqual([]);
    expect(d.fields).toEqual([]);
    expect(d.scenarios).toEqual({ added: [], removed: [], changed: ['om-design-review'] });
    expect(d.inputs.changed[0].after).toMatchObject({ dist: { family: 'pert', mode: 600_000 } });
  });

  it('the same distribution written another way is no change', () => {
    const v2 = edited((r) => {
      const line = scenario(r, 'om-design-review').benefits[1];
      const { mu, sigma } = demo.scenarios.find((s) => s.id === 'om-design-review')!.benefits[1].kind === 'riskAvoidance'
        ? ((demo.scenarios.find((s) => s.id === 'om-design-review')!.benefits[1] as any).impact.dist as { mu: number; sigma: number })
        : { mu: 0, sigma: 0 };
      line.impact = { dist: 'lognormal', mu, sigma };
    });
    const d = diffProposals(demo, v2);
    expect(d.same).toBe(true);
    expect(d.inputs.changed).toEqual([]);
  });

  it('lists added and removed scenarios once, and changed fields by path', () => {
    const v2 = edited((r) => {
      r.scenarios = r.scenarios.filter((s: any) => s.id !== 'ecommerce-service-assistant');
      r.scenarios.push({ ...structuredClone(scenario(r, 'om-design-review')), id: 'om-design-review-2' });
      r.discountRate = 0.1;
      scenario(r, 'legal-case-assistant').name = { 'zh-CN': '法律案件助手', en: 'Legal assistant' };
    });
    const d = diffProposals(demo, v2);
    expect(d.scenarios.added).toEqual(['om-design-review-2']);
    expect(d.scenarios.removed).toEqual(['ecommerce-service-assistant']);
    expect(d.inputs.added).toEqual([]);
    expect(d.inputs.removed).toEqual([]);
    expect(d.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ['discountRate', 0.08, 0.1],
      ['scenarios[legal-case-assistant].names.en', 'Legal case assistant', 'Legal assistant'],
    ]);
  });
});

describe('attributeNpvChanges', () => {
  it('one changed input: its attribution is the observed change, as the two Reports show it, residual 0', () => {
    const v2 = edited((r) => {
      scenario(r, 'om-design-review').costs[0].amount.mode = 600_000;
    });
    const d = diffProposals(demo, v2);
    const [ra, rb] = [analyze(demo, RUN), analyze(v2, RUN)];
    const rows = attributeNpvChanges(demo, v2, d, RUN);
    const om = rows.find((r) => r.id === 'om-design-review')!;
    const observed = rb.scenarios.find((s) => s.id === 'om-design-review')!.npv.p50! - ra.scenarios.find((s) => s.id === 'om-design-review')!.npv.p50!;
    expect(observed).toBeLessThan(0); // a dearer implementation lowers NPV
    expect(om.observed).toBeCloseTo(observed, 6);
    expect(om.attributions).toEqual([{ path: 'scenarios[om-design-review].costs[0].amount', npvP50Change: om.observed }]);
    expect(om.residual).toBe(0);
    // The other scenarios do not move, and nothing is attributed to them.
    for (const r of rows.filter((x) => x.id !== 'om-design-review')) {
      expect(r.observed).toBe(0);
      expect(r.attributions).toEqual([]);
    }
    const moves = diffReports(ra, rb).scenarios.find((m) => m.id === 'om-design-review')!;
    expect(moves.npvP50.change).toBeCloseTo(observed, 6);
  });

  it('several changes: the attributions plus the stated residual equal the observed change, and the residual is small', () => {
    const v2 = edited((r) => {
      const om = scenario(r, 'om-design-review');
      om.costs[0].amount.mode = 600_000;
      om.benefits[0].minutesAfter = { min: 5, mode: 8, max: 15 };
      scenario(r, 'claims-risk-identification').costs[0].amount = 900_000;
      r.discountRate = 0.1;
    });
    const d = diffProposals(demo, v2);
    expect(d.inputs.changed.map((c) => c.path).sort()).toEqual(
      ['scenarios[claims-risk-identification].costs[0].amount', 'scenarios[om-design-review].benefits[0].minutesAfter', 'scenarios[om-design-review].costs[0].amount'].sort(),
    );
    const rows = attributeNpvChanges(demo, v2, d, RUN);
    for (const r of rows) {
      const sum = r.attributions.reduce((s, a) => s + (a.npvP50Change ?? 0), 0);
      expect(sum + r.residual!).toBeCloseTo(r.observed!, 6);
      // The interaction of a few changes is a small part of what they do together.
      expect(Math.abs(r.residual!)).toBeLessThanOrEqual(0.2 * Math.abs(r.observed!) + 1e-6);
    }
    const om = rows.find((r) => r.id === 'om-design-review')!;
    expect(om.attributions.map((a) => a.path).sort()).toEqual(['discountRate', 'scenarios[om-design-review].benefits[0].minutesAfter', 'scenarios[om-design-review].costs[0].amount']);
  }, 60_000);
});

describe('closedloop diff', () => {
  it('on two proposal files lists the one changed input', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'closedloop-diff-'));
    const raw = structuredClone(demoRaw);
    scenario(raw, 'om-design-review').costs[0].amount.mode = 600_000;
    const v2 = join(dir, 'v2.json');
    writeFileSync(v2, JSON.stringify(raw));
    const r = await run('diff', 'fixtures/demo.json', v2);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['changed input     scenarios[om-design-review].costs[0].amount: PERT 400,000 / 500,000 / 700,000 → PERT 400,000 / 600,000 / 700,000']);
    // Two Reports: the moves of each scenario.
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect((await run('analyze', 'fixtures/demo.json', '--trials', '1024', '--quiet', '--json', a)).code).toBe(0);
    expect((await run('analyze', v2, '--trials', '1024', '--quiet', '--json', b)).code).toBe(0);
    const moves = await run('diff', a, b, '--json');
    expect(moves.code, moves.stderr).toBe(0);
    const parsed = JSON.parse(moves.stdout);
    expect(parsed.reports.scenarios.find((m: any) => m.id === 'om-design-review').npvP50.change).toBeLessThan(0);
    const mixed = await run('diff', a, v2);
    expect(mixed.code).toBe(2);
  }, 60_000);
});
