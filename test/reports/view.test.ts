/**
 * The view (reports/view/): names in the reader's language, inputs as written,
 * every code with a sentence in both languages, labels that follow the policy,
 * the one recommendation, caveats next to their figure, the renderer registry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { LANGS, type Lang, t } from '../../reports/i18n.js';
import { RENDERERS, renderReport, rendererFor } from '../../reports/renderers.js';
import { MissingSentenceError, type ReportView, buildView, renderedMessages } from '../../reports/view/index.js';
import { loadProposal } from '../../scenarios/load.js';
import { normalizeProposal } from '../../scenarios/normalize.js';
import { ONE_LANGUAGE, bilingualProposal } from './bilingual-proposal.js';

const run = (raw: unknown, trials = 2048): Report => analyze(normalizeProposal(raw), { trials, seed: 5 });

/** Fields of the view that hold ids and codes for the layouts, not words for the reader. */
const NOT_WORDS = new Set(['report', 'f', 'names', 'id', 'path', 'scenarios', 'source', 'verdict', 'lang', 'currency', 'kind', 'tone', 'focus', 'bestNpv']);

/** Every word the view gives a reader (sentences, cell texts, headers, labels). */
function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) strings(v, out);
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (!NOT_WORDS.has(k)) strings(v, out);
  return out;
}

const fresh = run(bilingualProposal(), 4096);

describe('names in the reader’s language', () => {
  const raw = bilingualProposal() as { customer: { name: Record<Lang, string> }; scenarios: { id: string; name: unknown; stages?: { id: string; name: Record<Lang, string> }[]; benefits: { label: unknown }[] }[]; assumptions: Record<string, { label: Record<Lang, string> }>; roadmap: { sharedComponents: { id: string; name: Record<Lang, string> }[] } };

  for (const lang of LANGS) {
    it(`every name and label the proposal wrote in both languages shows in ${lang}; a one-language one as written`, () => {
      const view = buildView(fresh, lang);
      expect(view.customer).toBe(raw.customer.name[lang]);
      for (const s of raw.scenarios) {
        expect(view.names.scenario(s.id)).toBe(typeof s.name === 'string' ? s.name : (s.name as Record<Lang, string>)[lang]);
        for (const st of s.stages ?? []) expect(view.names.stage(s.id, st.id)).toBe(st.name[lang]);
      }
      expect(view.names.component('gateway')).toBe(raw.roadmap.sharedComponents[0].name[lang]);
      const shared = view.inputGroups.find((g) => g.id === 'assumption')!;
      expect(shared.heading).toBe(t(lang, 'appendix.shared'));
      expect(shared.rows.map((r) => r.label)).toEqual(Object.values(raw.assumptions).map((a) => a.label[lang]));
      // A use of a shared assumption says so, by its label.
      const copilot = view.inputGroups.find((g) => g.id === 'scenario:maintenance-copilot')!;
      expect(copilot.rows.map((r) => r.estimate)).toContain(t(lang, 'dist.ref', { label: raw.assumptions.engineerHour.label[lang] }));
      // Lines by their label; a stage's inputs by the stage's name.
      expect(copilot.rows.some((r) => r.label.startsWith((raw.scenarios[0].benefits[0].label as Record<Lang, string>)[lang]))).toBe(true);
      const platform = view.inputGroups.find((g) => g.id === 'scenario:supplier-platform')!;
      expect(platform.rows.filter((r) => r.path.startsWith('stages[0]')).every((r) => r.label.startsWith(raw.scenarios[2].stages![0].name[lang]))).toBe(true);
      // Roadmap items "scenario — stage" from both names.
      for (const row of view.roadmap!.items.rows) expect(row.cells[1].text).toBe(view.names.item(row.id));
      // No key or field code reaches the words.
      const words = strings(view).join('\n');
      for (const code of ['engineerHour', 'ticketsPerMonth', 'minutesBefore', 'costPerHour', 'maintenance-copilot', 'supplier-platform/pilot', 'night-triage']) expect(words).not.toContain(code);
    });
  }

  it('the primary name follows the currency: Chinese for CNY, English otherwise, the other language when one is missing', () => {
    const cny = normalizeProposal(bilingualProposal());
    expect(cny.scenarios[0].name).toBe('设备维修助手');
    expect(cny.scenarios[0].names).toEqual({ 'zh-CN': '设备维修助手', en: 'Maintenance copilot' });
    expect(cny.scenarios[3].names).toBeUndefined();
    const usd = normalizeProposal({ ...bilingualProposal(), currency: 'USD' });
    expect(usd.scenarios[0].name).toBe('Maintenance copilot');
    expect(usd.assumptions.engineerHour).toMatchObject({ label: 'engineer cost per hour' });
    const zhOnly = normalizeProposal({ customer: { name: { 'zh-CN': '仅中文客户' } }, currency: 'USD', scenarios: [{ id: 'a', name: { 'zh-CN': '仅中文' }, benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 1 }] }] });
    expect(zhOnly.scenarios[0].name).toBe('仅中文');
    expect(buildView(analyze(zhOnly, { trials: 256 }), 'en').names.scenario('a')).toBe('仅中文');
  });

  it('rejects an empty two-language name, naming where', () => {
    expect(() => normalizeProposal({ ...bilingualProposal(), customer: { name: {} } })).toThrow(/customer\.name: .*at least one language/);
  });
});

describe('inputs as a person wrote them', () => {
  const forms = run({
    customer: { name: 'Forms' },
    assumptions: { rate: { dist: 'beta', mean: 0.3, sd: 0.1, label: 'hit rate' }, fixedCost: 1200 },
    scenarios: [
      {
        id: 'a',
        name: 'All forms',
        implementationMonths: 3,
        benefits: [
          {
            kind: 'revenue',
            label: 'sales',
            volumePerMonth: { p5: 500000, p95: 5000000 },
            upliftRate: { ref: 'rate' },
            valuePerUnit: { dist: 'normal', p5: 10, p95: 30, clamp: [0, 100] },
            margin: { dist: 'uniform', min: 0.2, max: 0.4 },
          },
          { kind: 'custom', label: 'other', quantityPerMonth: { dist: 'discrete', values: [1, 2, 3], weights: [1, 1, 2] }, unitValue: { dist: 'lognormal', mu: 6.2, sigma: 0.8, clamp: [100, 2000] } },
        ],
        costs: [
          { kind: 'oneOff', label: 'build', amount: { min: 2, mode: 5, max: 12 } },
          { kind: 'recurring', label: 'run', monthly: { dist: 'triangular', min: 800, mode: 1200, max: 2000 } },
          { kind: 'compute', label: 'api', volumePerMonth: 1000, tokensPerTask: { dist: 'normal', mean: 4000, sd: 500, clamp: [0, 10000] }, pricePer1kTokens: 0.01 },
        ],
      },
    ],
  });

  const expected: Record<Lang, Record<string, string>> = {
    en: {
      'benefits[0].volumePerMonth': '90% interval 500,000–5,000,000 (lognormal)',
      'benefits[0].upliftRate': 'shared: hit rate',
      'benefits[0].valuePerUnit': '90% interval 10–30 (normal), kept within 0–100',
      'benefits[0].margin': 'uniform 0.2–0.4',
      'benefits[1].quantityPerMonth': 'one of 1 / 2 / 3 (weights 1 / 1 / 2)',
      'benefits[1].unitValue': 'lognormal, μ 6.2, σ 0.8, kept within 100–2,000',
      'costs[0].amount': 'PERT 2 / 5 / 12',
      'costs[1].monthly': 'triangular 800 / 1,200 / 2,000',
      'costs[2].tokensPerTask': 'normal, mean 4,000, SD 500, kept within 0–10,000',
      'costs[2].volumePerMonth': '1,000',
      implementationMonths: '3',
    },
    'zh-CN': {
      'benefits[0].volumePerMonth': '90% 区间 500,000–5,000,000（对数正态）',
      'benefits[0].upliftRate': '共享：hit rate',
      'costs[0].amount': 'PERT 2 / 5 / 12',
      'costs[1].monthly': '三角分布 800 / 1,200 / 2,000',
    },
  };

  for (const lang of LANGS) {
    it(`each form in its own words, with the numbers written (${lang})`, () => {
      const view = buildView(forms, lang);
      const rows = new Map(view.inputGroups.flatMap((g) => g.rows.map((r) => [r.path, r.estimate] as const)));
      for (const [path, text] of Object.entries(expected[lang])) expect(rows.get(path), path).toBe(text);
      expect(rows.get('rate')).toBe(lang === 'en' ? 'beta, mean 0.3, SD 0.1' : '贝塔分布，均值 0.3，标准差 0.1');
      expect(rows.get('fixedCost')).toBe('1,200');
      // Defaults the proposal never wrote are left out (a public-API line has no GPUs; the adoption ceiling defaults to 1).
      for (const path of ['costs[2].gpus', 'costs[2].publicShare', 'adoption.ceiling', 'benefits[0].growthPerYear', 'costs[1].escalationPerYear']) expect(rows.has(path), path).toBe(false);
    });
  }

  it('a template’s fields count as written; its schema defaults do not', () => {
    const report = run({ customer: { name: 'T' }, scenarios: [{ id: 'om', name: 'O&M', template: 'om-design-review' }] }, 512);
    const paths = report.inputs.filter((i) => i.scenarioId === 'om').map((i) => i.path);
    expect(paths).toContain('costs[2].tokensPerTask');
    expect(paths).toContain('benefits[1].impact');
    expect(paths).not.toContain('costs[2].gpus');
    const impact = report.inputs.find((i) => i.scenarioId === 'om' && i.path === 'benefits[1].impact')!;
    expect(impact.written).toEqual({ form: 'lognormal-interval', params: { p5: 800000, p95: 6000000 } });
  });
});

describe('every code the engine emits has a sentence in both languages', () => {
  const proposals: [string, () => Report][] = [
    ['demo', () => analyze(loadProposal('fixtures/demo.json'), { trials: 2048, seed: 1 })],
    ['reference model', () => analyze(loadProposal('fixtures/reference-model.json'), { trials: 2048, seed: 1 })],
    ['hand-checked', () => analyze(loadProposal('fixtures/hand-checked.json'), { trials: 2048, seed: 1 })],
    ['quick start', () => analyze(loadProposal('fixtures/quick-start.yaml'), { trials: 2048, seed: 1 })],
    ['bilingual', () => fresh],
    [
      'no cost, never paying back, a horizon shorter than the consider threshold',
      () =>
        run({
          customer: { name: 'Edge' },
          horizonMonths: 12,
          scenarios: [
            { id: 'free', name: 'Free', benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 100 }] },
            { id: 'never', name: 'Never', implementationMonths: 8, benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 1 }], costs: [{ kind: 'oneOff', amount: 3000000 }] },
          ],
        }),
    ],
  ];
  for (const [name, make] of proposals) {
    it(`${name}: the view builds in both languages with no placeholder left`, () => {
      const report = make();
      for (const lang of LANGS) {
        const words = strings(buildView(report, lang));
        expect(words.filter((w) => /\{\w+\}/.test(w))).toEqual([]);
      }
    });
  }

  it('a code without a sentence is a clear programming error naming where to add it', () => {
    const report: Report = structuredClone(fresh);
    report.scenarios[0].advice = [{ code: 'no-such-advice', params: {} }];
    expect(() => buildView(report, 'en')).toThrow(MissingSentenceError);
    expect(() => buildView(report, 'en')).toThrow(/advice\.no-such-advice.*reports\/i18n\.ts/);
  });
});

describe('labels follow the policy', () => {
  const scenario = (id: string, value: number) => ({
    id,
    name: `Scenario ${id}`,
    implementationMonths: 4,
    benefits: [{ kind: 'custom', quantityPerMonth: { min: 50, mode: 100, max: 200 }, unitValue: value }],
    costs: [{ kind: 'oneOff', amount: { min: 400000, mode: 600000, max: 900000 } }],
  });
  const report = run({ customer: { name: 'Policy' }, policy: { paybackMonths: 18, confidence: 0.7 }, scenarios: [scenario('a', 700), scenario('b', 1400)], roadmap: {} });

  for (const lang of LANGS) {
    it(`with paybackMonths 18 and confidence 70% no label says 12 months or 80% (${lang})`, () => {
      const view = buildView(report, lang);
      const words = strings(view).join('\n');
      expect(words).toMatch(lang === 'en' ? /≤ 18 mo/ : /18 个月内回本概率/);
      expect(words).not.toMatch(/≤ ?12|12 ?个月|12 mo|12 months/);
      expect(view.scenarios[0].gates[0].probabilityText).toContain('70%');
      expect(view.ranking.columns.find((c) => c.id === 'paybackWithin')!.header).toBe(t(lang, 'col.paybackWithin', { months: 18 }));
      // The figure under that header is the gate's probability, P(payback ≤ 18).
      view.ranking.rows.forEach((r) => expect(r.cells[8].value).toBe(report.scenarios.find((s) => s.id === r.id)!.gates.payback.probability));
    });
  }

  it('says “meets the rules” only when every gate passes', () => {
    const views = [fresh, report].flatMap((r) => LANGS.map((lang) => ({ view: buildView(r, lang), lang })));
    let meets = 0;
    let fails = 0;
    for (const { view, lang } of views) {
      for (const s of view.scenarios) {
        const all = s.gates.every((g) => g.pass);
        if (s.advice.includes(t(lang, 'scenario.noAdvice'))) {
          expect(all, s.name).toBe(true);
          meets++;
        }
        if (!all) {
          expect(s.advice).not.toContain(t(lang, 'scenario.noAdvice'));
          fails++;
        }
      }
    }
    expect(meets).toBeGreaterThan(0);
    expect(fails).toBeGreaterThan(0);
  });

  it('every statistic says whether it is a mean or a percentile', () => {
    const view = buildView(fresh, 'en');
    const labels = [...view.keyNumbers.map((k) => k.label), ...view.ranking.columns.filter((c) => c.kind === 'money').map((c) => c.header), ...view.roadmap!.phases.columns.filter((c) => c.kind === 'money').map((c) => c.header), ...view.roadmap!.items.columns.filter((c) => c.kind === 'money').map((c) => c.header)];
    for (const l of labels.filter((x) => /NPV|Spend/.test(x))) expect(l, l).toMatch(/mean|median|P\d+/);
  });
});

describe('the one recommendation', () => {
  const withRecommendation = (rec: NonNullable<Report['recommendation']>): Report => ({ ...structuredClone(fresh), recommendation: rec });

  for (const lang of LANGS) {
    it(`shows the Report’s recommendation: the roadmap’s first phase by name, its counts (${lang})`, () => {
      const phase = fresh.roadmap!.phases[0];
      const report = withRecommendation({
        source: 'roadmap',
        scenarios: phase.items.map((i) => i.scenarioId),
        items: phase.items.map((i) => i.key),
        months: { start: phase.startMonth, end: phase.endMonth },
        gates: { payback: 0.61, budget: 0.9, phase: 0.95, joint: 0.55 },
        reasons: [],
        prerequisites: [],
        headline: { useCases: 3, accepted: 1, bestNpv: { scenario: 'quality-reports', p50: 1234567 } },
      });
      const view = buildView(report, lang);
      expect(view.recommendation.derived).toBe(false);
      expect(view.recommendation.headline).toBe(
        t(lang, 'rec.roadmap', { start: phase.startMonth + 1, end: phase.endMonth, items: view.f.list(phase.items.map((i) => view.names.item(i.key))), months: 12, probability: '61%' }),
      );
      expect(view.keyNumbers.find((k) => k.id === 'accepted')!.text).toBe('1 / 3');
      expect(view.keyNumbers.find((k) => k.id === 'bestNpv')!.value).toBe(1234567);
    });
  }

  it('the best eligible scenario when the source is the ranking, never an excluded one; "none" says so', () => {
    const report = withRecommendation({
      source: 'ranking',
      scenarios: ['quality-reports'],
      items: [],
      months: null,
      gates: { payback: 0.9, budget: 1, phase: 1, joint: 0.9 },
      reasons: [],
      prerequisites: [],
      headline: { useCases: 4, accepted: 2, bestNpv: null },
    });
    const en = buildView(report, 'en');
    expect(en.recommendation.headline).toBe(t('en', 'rec.ranking', { scenario: 'Quality-report drafting', months: 12, probability: '90%' }));
    expect(en.recommendation.focus?.id).toBe('quality-reports');
    const none = buildView(withRecommendation({ ...report.recommendation!, source: 'none', scenarios: [] }), 'zh-CN');
    expect(none.recommendation.headline).toBe(t('zh-CN', 'rec.none'));
    const plain: Report = structuredClone(none.report);
    delete plain.roadmap;
    expect(buildView(plain, 'en').recommendation.headline).toBe(t('en', 'rec.noneNoRoadmap'));
  });

  it('without a recommendation in the Report (older Reports), starts from the roadmap’s first phase', () => {
    const { recommendation: _r, ...older } = fresh;
    const view = buildView(older, 'en');
    expect(view.recommendation.derived).toBe(true);
    expect(view.recommendation.scenarios).toEqual([...new Set(fresh.roadmap!.phases[0].items.map((i) => i.scenarioId))]);
  });
});

describe('caveats', () => {
  it('render as sentences, and mark the figure they qualify', () => {
    const report: Report = structuredClone(fresh);
    const s = report.scenarios[0];
    // A caveat code may be a full catalogue key; `metric` names the figure it qualifies.
    s.caveats = [{ code: 'reason.roi-no-cost', params: { metric: { type: 'code', value: 'irr' } } }];
    for (const lang of LANGS) {
      const view = buildView(report, lang);
      const row = view.fit.rows.find((r) => r.id === s.id)!;
      const irr = view.fit.columns.findIndex((c) => c.id === 'irrP50');
      expect(row.cells[irr].text).toBe(t(lang, 'scenario.caveatMark', { value: view.f.percent(s.irr.p50) }));
      expect(view.scenarios.find((x) => x.id === s.id)!.caveats).toEqual([t(lang, 'reason.roi-no-cost')]);
      expect(view.caveats[0]).toContain(view.names.scenario(s.id));
    }
  });
});

describe('rendered messages for the API', () => {
  it('the Report’s codes as sentences in the requested language, through the same view', () => {
    for (const lang of LANGS) {
      const m = renderedMessages(fresh, lang);
      const view: ReportView = buildView(fresh, lang);
      expect(m.lang).toBe(lang);
      expect(m.recommendation.headline).toBe(view.recommendation.headline);
      expect(Object.keys(m.scenarios).sort()).toEqual(fresh.scenarios.map((s) => s.id).sort());
      expect(m.roadmap!.rationale).toEqual(view.roadmap!.rationale);
      expect(m.method).toBe(view.appendix.valueOfInformation);
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    }
    expect(renderedMessages(fresh, 'zh-CN').scenarios['maintenance-copilot'].name).toBe('设备维修助手');
  });
});

describe('the renderer registry', () => {
  it('lists every format with its media type and extension, and renders through it', async () => {
    expect(Object.keys(RENDERERS).sort()).toEqual(['csv', 'json', 'pdf', 'xlsx']);
    expect(rendererFor('pdf')).toMatchObject({ mediaType: 'application/pdf', extension: 'pdf', multiFile: false });
    expect(rendererFor('xlsx').mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(() => rendererFor('docx')).toThrow(/no renderer for the format "docx"; known: json, pdf, xlsx, csv/);
    const [json] = await renderReport('json', fresh, 'en');
    expect(JSON.parse(json.bytes.toString('utf8')).run.seed).toBe(fresh.run.seed);
    const csv = await renderReport('csv', fresh, 'zh-CN');
    expect(csv.map((f) => f.name)).toContain('ranking.csv');
    const [xlsx] = await renderReport('xlsx', fresh, 'en');
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('loads each renderer only when its format is asked for (no static import of pdfkit, exceljs or Plot)', () => {
    const source = readFileSync('reports/renderers.ts', 'utf8');
    expect(source).not.toMatch(/^import(?! type).*(pdf|xlsx|csv)\.js/m);
    expect(source).toMatch(/await import\('\.\/pdf\.js'\)/);
    expect(source).toMatch(/await import\('\.\/xlsx\.js'\)/);
  });
});

describe('one-language texts', () => {
  it('ONE_LANGUAGE texts are quoted unchanged in both views', () => {
    for (const lang of LANGS) {
      const words = strings(buildView(fresh, lang)).join('\n');
      for (const s of [...ONE_LANGUAGE.en, ...ONE_LANGUAGE['zh-CN']]) expect(words).toContain(s);
    }
  });
});
