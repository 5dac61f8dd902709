/**
 * Reports stored before the planner spoke in typed codes (an English
 * `rationale`, rationale parameters as plain names and numbers, unscheduled
 * reasons as sentences, search method "exact") still parse once upgraded
 * and read, in both languages, exactly as the same roadmap in today's form.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Report, analyze, reportSchema } from '../../engine/index.js';
import { LANGS } from '../../reports/i18n.js';
import { buildView } from '../../reports/view/index.js';
import { upgradeReport } from '../../reports/view/legacy.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

/** The demo with its platform left out of the roadmap: the assistants that need it stay unscheduled. */
function current(): Report {
  const raw = JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
  raw.roadmap.exclude = [...(raw.roadmap.exclude ?? []), 'mixed-model-quality-inspection'];
  raw.scenarios.find((s: { id: string }) => s.id === 'remote-banking-assistant').requires = ['mixed-model-quality-inspection'];
  return analyze(normalizeProposal(raw), { trials: 2048, seed: 4 });
}

/** The same Report as the planner wrote it before typed codes (names in the proposal's primary language). */
function legacyOf(report: Report): unknown {
  const r = report.roadmap!;
  const itemName = new Map([...r.phases.flatMap((ph) => ph.items), ...r.unscheduled].map((i) => [i.key, i.name]));
  const phaseOf = new Map(r.phases.flatMap((ph) => ph.items.map((i) => [i.key, ph.index] as const)));
  const scenarioName = (id: string) => report.scenarios.find((s) => s.id === id)!.name;
  const plain = (v: { type: string; value: unknown }) => (v.type === 'item' ? itemName.get(v.value as string) : v.value);
  const phases = r.phases.map((ph) => ({
    ...ph,
    items: ph.items.map(({ marginalValue: _m, ...i }) => i),
    rationale: `Phase ${ph.index}: …`,
    rationaleParts: ph.rationaleParts.map((part) => {
      const p = part.params;
      switch (part.code) {
        case 'buildsOn':
          return { code: part.code, params: { items: (p.items.value as string[]).map((k) => `${itemName.get(k)} (${phaseOf.get(k)})`).join(', ') } };
        case 'firstStage':
          return { code: part.code, params: { scenario: scenarioName(p.scenario.value as string) } };
        case 'nextStage': {
          const [id, stage] = (p.stage.value as string).split('/');
          return { code: part.code, params: { scenario: scenarioName(id), stage: report.scenarios.find((s) => s.id === id)!.stages!.find((st) => st.id === stage)!.name ?? stage } };
        }
        case 'sharedComponents':
          return { code: part.code, params: { names: ph.components.map((c) => c.name).join(', ') } };
        default:
          return { code: part.code, params: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, plain(v)])) };
      }
    }),
  }));
  const sentence = (m: { code: string; params: Record<string, { value: unknown }> }) =>
    m.code === 'requires-excluded' ? `requires ${(m.params.items.value as string[]).join(', ')}, which the roadmap leaves out` : m.code === 'not-positive' ? 'its expected NPV is not positive at any start within the horizon' : 'no phase within the horizon could hold it with a better programme NPV (capacity, the budget band or its dependencies)';
  const { proven: _p, ...search } = r.search;
  const { candidates: _c, ...rest } = r;
  return { ...report, roadmap: { ...rest, search: { ...search, method: 'exact' }, phases, unscheduled: r.unscheduled.map((u) => ({ ...u, reason: sentence(u.reason) })) } };
}

describe('a Report stored before typed roadmap codes', () => {
  const report = current();
  const legacy = legacyOf(report) as Report;

  it('is a legacy form the schema rejects as it is, and parses once upgraded', () => {
    expect(report.roadmap!.unscheduled.map((u) => u.reason.code)).toContain('requires-excluded');
    expect(report.roadmap!.phases.flatMap((ph) => ph.rationaleParts.map((m) => m.code))).toEqual(expect.arrayContaining(['buildsOn', 'nextStage', 'fitsBudget']));
    expect(reportSchema.safeParse(legacy).success).toBe(false);
    const upgraded = reportSchema.safeParse(upgradeReport(legacy));
    expect(upgraded.success, JSON.stringify(upgraded.error?.issues[0])).toBe(true);
    expect(upgradeReport(legacy).roadmap!.search).toMatchObject({ method: 'dynamic-programme', proven: true });
    expect(upgradeReport(report)).toBe(report); // a current Report passes through
  });

  for (const lang of LANGS) {
    it(`reads as today's Report does (${lang})`, () => {
      const now = buildView(report, lang).roadmap!;
      const then = buildView(legacy, lang).roadmap!;
      expect(then.rationale).toEqual(now.rationale);
      expect(then.unscheduled).toEqual(now.unscheduled);
      expect(then.search).toBe(now.search);
      expect(then.phaseLines).toEqual(now.phaseLines);
      expect(then.candidates).toBeNull();
    });
  }
});
