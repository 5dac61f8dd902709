import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/analyze.js';
import { stageTrials } from '../../engine/decision/stage-trials.js';
import { simulate } from '../../engine/model/simulate.js';
import type { Message } from '../../engine/messages.js';
import type { GateName, Report } from '../../engine/report.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { LANGS, isMessageKey, t } from '../../reports/i18n.js';
import { Names, Sentences, formatter } from '../../reports/view/index.js';
import { byId, closedForm, demo, run } from './decision-fixtures.js';

/** Every coded message of a Report with the catalogue namespace its sentence lives in. */
function messagesOf(r: Report): [string, Message][] {
  return [
    ...r.scenarios.flatMap((s) => [...s.advice.map((a): [string, Message] => ['advice', a]), ...(s.caveats ?? []).map((c): [string, Message] => ['caveat', c])]),
    ...(r.ranking.basis ? [['ranking', r.ranking.basis] as [string, Message]] : []),
    ...(r.recommendation ? [...r.recommendation.reasons, ...r.recommendation.prerequisites].map((m): [string, Message] => ['recommendation', m]) : []),
    ...(r.warnings ?? []).map((w): [string, Message] => ['warning', w]),
  ];
}

/** Every failed gate has advice tagged with it (a joint failure may be answered by a failed single gate); meetsRules iff none is tagged. */
function expectAdviceForEveryFailedGate(r: Report): void {
  for (const s of r.scenarios) {
    const tagged = new Set(s.advice.map((a) => a.gate).filter((g): g is GateName => g !== undefined));
    for (const gate of ['payback', 'budget', 'phase'] as const) {
      expect(s.gates[gate].pass || tagged.has(gate), `${s.id}: failed ${gate} gate without advice`).toBe(true);
    }
    const single = !s.gates.payback.pass || !s.gates.budget.pass || !s.gates.phase.pass;
    expect(s.gates.joint.pass || single || tagged.has('joint'), `${s.id}: failed joint gate without advice`).toBe(true);
    expect(s.meetsRules).toBe(s.gates.joint.pass);
    expect(tagged.size === 0).toBe(s.gates.joint.pass);
  }
}

describe('gates pass on the ceiling; floors advise (DESIGN §4.5)', () => {
  const byDefault = run(demo());
  const strictRaw = demo();
  strictRaw.policy.floors = 'gate';
  const strict = run(strictRaw);

  it("the demo's e-commerce assistant scores ≥ 80 by default and 0 with floors \"gate\"", () => {
    const eDefault = byId(byDefault, 'ecommerce-service-assistant');
    const eStrict = byId(strict, 'ecommerce-service-assistant');
    expect(eDefault.verdict).toBe('accept');
    expect(eDefault.score).toBeGreaterThanOrEqual(80);
    expect(eDefault.investment.max!).toBeLessThan(strictRaw.policy.budget.min); // every trial is below the floor…
    expect(eStrict.gates.budget.probability).toBe(0); // …so the strict band fails every trial
    expect(eStrict.score).toBe(0);
    expect(eStrict.advice.some((a) => a.gate === 'budget' && a.code === 'budget-below-floor-subscription')).toBe(true);
  });

  it('a floor never fails a gate by default, and a subscription is not told to become one', () => {
    const e = byId(byDefault, 'ecommerce-service-assistant');
    expect(e.gates.budget.pass && e.gates.phase.pass).toBe(true);
    expect(e.advice.filter((a) => a.gate)).toEqual([]);
    expect(e.advice.map((a) => a.code)).not.toContain('budget-below-floor'); // pricing "subscription"
    expect(e.advice.map((a) => a.code)).toContain('phase-below-floor'); // a one-month set-up: a quick trial beside a larger phase
    expect(e.meetsRules).toBe(true);
  });

  it('a staged scenario whose every stage fits passes the budget and phase gates, though the whole does not fit', () => {
    const platform = byId(byDefault, 'enterprise-knowledge-platform');
    const policy = byDefault.policy;
    expect(platform.investment.p50!).toBeGreaterThan(policy.budget.max);
    expect(platform.implementationMonths.p50!).toBeGreaterThan(policy.phaseMonths.max);
    expect(platform.gates.budget).toMatchObject({ pass: true, probability: 1, perStage: true });
    expect(platform.gates.phase).toMatchObject({ pass: true, probability: 1, perStage: true });
    expect(platform.advice.map((a) => a.code)).not.toContain('phase-above-ceiling');
    expect(platform.advice.map((a) => a.code)).not.toContain('budget-above-ceiling');
  });

  it('a stage at exactly the ceiling fits; one just above it is named', () => {
    const raw = closedForm(50_000, 100_000, {
      stages: [
        { id: 'pilot', implementationMonths: 6, cost: 2_000_000, benefitShare: 0.5 },
        { id: 'rollout', implementationMonths: { min: 5, mode: 6, max: 9 }, cost: { min: 1.5e6, mode: 2.2e6, max: 2.6e6 }, benefitShare: 0.5 },
      ],
    });
    const s = run(raw).scenarios[0];
    expect(s.gates.budget.perStage).toBe(true);
    // The pilot always fits (2,000,000 ≤ 2,000,000; 6 ≤ 6): the gates are the rollout's own chances.
    const rollout = { cost: s.gates.budget.probability, months: s.gates.phase.probability };
    expect(rollout.cost).toBeGreaterThan(0.05);
    expect(rollout.cost).toBeLessThan(0.5);
    const budget = s.advice.find((a) => a.gate === 'budget')!;
    expect(budget.code).toBe('budget-stage-above-ceiling');
    expect(budget.params.item).toEqual({ type: 'item', value: 'x/rollout' });
    expect(rollout.months).toBeGreaterThan(0.3);
    expect(s.advice.find((a) => a.gate === 'phase')?.params.item).toEqual({ type: 'item', value: 'x/rollout' });
  });

  it('a stage\'s per-trial cost and months are the very draws of the simulation, also in runs too large to keep every input', () => {
    const staged = (correlated: boolean) =>
      normalizeProposal({
        ...closedForm({ min: 10_000, mode: 50_000, max: 90_000, name: 'benefit' }, 100_000, {
          stages: [
            { id: 'a', implementationMonths: { min: 2, mode: 4, max: 7 }, cost: { min: 1e6, mode: 1.5e6, max: 2.5e6, name: 'aCost' }, benefitShare: 0.5 },
            { id: 'b', implementationMonths: 4, cost: { dist: 'lognormal', p5: 5e5, p95: 3e6, clamp: [0, 2.2e6] }, benefitShare: 0.5 },
          ],
        }),
        correlations: correlated ? [{ between: ['aCost', 'benefit'], rho: 0.6 }] : [],
      });
    for (const correlated of [false, true]) {
      const p = staged(correlated);
      const sim = simulate(p, { trials: 40_000, seed: 21 }); // keeps the inputs of every 2nd trial only
      expect(sim.analyticsStride).toBe(2);
      const [a, b] = stageTrials(p, sim).get('x')!;
      const cost = (path: string) => sim.inputs[sim.variables.indexOfName(path)!];
      const months = cost('x.stages[0].implementationMonths');
      for (let r = 0; r < months.length; r++) {
        expect(a.cost[2 * r]).toBe(cost('aCost')[r]);
        expect(a.months[2 * r]).toBe(Math.round(months[r]));
        expect(b.cost[2 * r]).toBe(cost('x.stages[1].cost')[r]);
      }
      expect(Math.max(...b.cost)).toBe(2.2e6); // the clamp applies, as in the simulation
      expect(b.months.every((m) => m === 4)).toBe(true);
    }
  });

  it('every scenario with a failed gate has advice with a code for that gate, across policies and adversarial proposals', () => {
    const variants: unknown[] = [demo(), strictRaw];
    const long = demo();
    long.policy.paybackMonths = 18;
    long.policy.considerMonths = 60;
    variants.push(long);
    const sure = demo();
    sure.policy.confidence = 0.97;
    delete sure.roadmap; // no phase holds the platform's foundation stage at 97%
    variants.push(sure);
    const short = demo();
    short.horizonMonths = 6; // nothing pays back: every payback gate fails
    delete short.roadmap;
    variants.push(short);
    variants.push(closedForm({ min: 100, mode: 1000, max: 5000 }, { min: 1e6, mode: 3e6, max: 6e6 }, { implementationMonths: { min: 4, mode: 8, max: 14 } }, 12));
    for (const raw of variants) {
      const r = run(raw, 4096, 3);
      expectAdviceForEveryFailedGate(r);
    }
  });

  it('every code the engine emits has a sentence in both languages with every placeholder filled', () => {
    const reports = [byDefault, strict, run(closedForm(1e6, 1000, {}, 12), 1024)];
    let checked = 0;
    for (const r of reports) {
      for (const [space, m] of messagesOf(r)) {
        const key = `${space}.${m.code}`;
        expect(isMessageKey(key), `no sentence for ${key}`).toBe(true);
        if (!isMessageKey(key)) continue;
        for (const lang of LANGS) {
          const f = formatter(lang, r.proposal.currency);
          const text = new Sentences(f, new Names(r, f)).of(space as 'advice', m);
          expect(text, `${lang} ${key}`).not.toMatch(/\{\w+\}/);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('the engine\'s messages quote the policy, not the defaults', () => {
  it('with paybackMonths 18 every payback limit the advice and the ranking basis quote is 18', () => {
    const raw = demo();
    raw.policy.paybackMonths = 18;
    const r = run(raw, 4096, 8);
    const limits = messagesOf(r).flatMap(([, m]) => Object.entries(m.params).filter(([k]) => k === 'limit' || k === 'acceptMonths').map(([, v]) => (v as { value: number }).value));
    expect(limits.length).toBeGreaterThan(3);
    expect(new Set(limits)).toEqual(new Set([18]));
    for (const s of r.scenarios) expect(s.gates.payback.thresholdMonths).toBe(18);
  });
});

describe('ranking that reads as a recommendation', () => {
  it('ranks by verdict then expected NPV by default, says so, and keeps the other orders', () => {
    const r = run(demo(), 4096, 5);
    expect(r.ranking.by).toBe('verdict');
    expect(r.ranking.basis?.code).toBe('ranking-by-verdict');
    const rank = { accept: 0, consider: 1, 'mandate-only': 2 } as const;
    const ordered = r.ranking.order.map((id) => byId(r, id));
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1], ordered[i]];
      expect(rank[a.verdict] <= rank[b.verdict]).toBe(true);
      if (a.verdict === b.verdict) expect(a.npv.mean!).toBeGreaterThanOrEqual(b.npv.mean!);
    }
    const byScore = demo();
    byScore.policy.rankBy = 'score';
    const s = run(byScore, 4096, 5);
    expect(s.ranking.basis?.code).toBe('ranking-by-score');
    const scores = s.ranking.order.map((id) => byId(s, id).score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });
});

describe('caveats on figures beyond a sane range', () => {
  it('ROI above 10× gets a caveat that quotes the small investment and the large benefits; just below does not', () => {
    // No discounting, 12 months: ROI = (12·b − C)/C exactly.
    const roi = (b: number) => run(closedForm(b, 1000, {}, 12), 256).scenarios[0];
    const above = roi(958.34); // ROI 10.5
    const below = roi(875); // ROI 9.5
    expect(above.roi.p50).toBeCloseTo(10.5, 3);
    expect(below.roi.p50).toBeCloseTo(9.5, 6);
    const caveat = above.caveats?.find((c) => c.code === 'roi-extreme');
    expect(caveat?.params).toMatchObject({ roi: { type: 'ratio', value: above.roi.p50 }, threshold: { type: 'ratio', value: 10 }, investment: { type: 'money', value: 1000 } });
    expect((caveat!.params.benefits as { value: number }).value).toBeCloseTo(12 * 958.34, 6);
    expect(below.caveats?.some((c) => c.code === 'roi-extreme') ?? false).toBe(false);
    // Paid back within about a month: the IRR is far beyond 1000% a year, and says so.
    expect(above.irr.p50!).toBeGreaterThan(10);
    expect(above.caveats?.some((c) => c.code === 'irr-extreme')).toBe(true);
  });

  it('an ordinary scenario has no caveat', () => {
    const r = analyze(normalizeProposal(JSON.parse(readFileSync('fixtures/reference-model.json', 'utf8'))), { trials: 4096, seed: 1 });
    expect(r.scenarios[0].irr.p50!).toBeLessThan(10);
    expect(r.scenarios[0].caveats).toBeUndefined();
  });
});
