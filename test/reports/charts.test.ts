import { beforeAll, describe, expect, it } from 'vitest';
import { type Report, type ScenarioReport, analyze } from '../../engine/index.js';
import { buildView } from '../../reports/view/index.js';
import {
  type ChartOptions,
  PALETTE,
  benefitsChart,
  cumulativeFanChart,
  ganttChart,
  paybackCurveChart,
  paybackPoints,
  portfolioFanChart,
  serverDocument,
  tornadoChart,
} from '../../reports/charts/index.js';
import { textUnits, truncateLabel } from '../../reports/charts/common.js';
import { LANGS, type Lang, type MessageKey, t } from '../../reports/i18n.js';
import { loadProposal } from '../../scenarios/load.js';
import { all, expectSelfContainedSvg, parse } from './svg-checks.js';

let report: Report;
let demo: ScenarioReport;

beforeAll(() => {
  report = analyze(loadProposal('fixtures/demo.json'), { trials: 4096, seed: 1 });
  demo = report.scenarios[0];
});

const SIZE = { width: 512, height: 230 };

function options(lang: Lang, size: { width?: number; height?: number } = SIZE): ChartOptions {
  return { document: serverDocument(), lang, currency: report.proposal.currency, ...size };
}

/** A scenario's tornado entries with their inputs named, as the view gives them to the charts. */
const tornadoOf = (s: ScenarioReport, lang: Lang) => buildView(report, lang).scenarios.find((x) => x.id === s.id)!.tornado;
const fanOf = (s: ScenarioReport) => ({ months: s.cashflow.months, ...s.cashflow.cumulative });
const tr = (lang: Lang, ...keys: MessageKey[]) => keys.map((k) => t(lang, k));

describe.each(LANGS)('charts of the demo report (%s)', (lang) => {
  it('cumulative fan: band, P50 line, break-even rule and labels', () => {
    const svg = cumulativeFanChart(fanOf(demo), options(lang));
    const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.fan.title', 'chart.fan.x', 'chart.fan.y', 'chart.fan.breakEven'));
    expect(all(root, 'g[aria-label="area"] path')).toHaveLength(1);
    expect(all(root, 'g[aria-label="line"] path')).toHaveLength(3);
  });

  it('payback curve: one dot per point the Report gives, and its labels', () => {
    for (const s of report.scenarios) {
      const svg = paybackCurveChart(s.paybackMonths, report.proposal.horizonMonths, options(lang));
      const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.payback.title', 'chart.payback.x', 'chart.payback.y'));
      expect(all(root, 'g[aria-label="dot"] circle')).toHaveLength(paybackPoints(s.paybackMonths).length);
      expect(svg).toContain('100%');
    }
  });

  it('tornado: min(8, inputs) bars, one per input, with the base rule', () => {
    for (const s of report.scenarios) {
      const svg = tornadoChart(tornadoOf(s, lang), s.tornadoBase, options(lang));
      const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.tornado.title', 'chart.tornado.x'));
      expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(Math.min(8, s.sensitivity.length));
      expect(all(root, 'g[aria-label="rule"] line')).toHaveLength(1);
    }
    const root = parse(tornadoChart(tornadoOf(demo, lang), demo.tornadoBase, { ...options(lang), top: 3 }));
    expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(3);
  });

  it('tornado bars are coloured by direction', () => {
    const root = parse(tornadoChart(tornadoOf(demo, lang), demo.tornadoBase, options(lang)));
    const fills = all(root, 'g[aria-label="bar"] rect').map((r) => r.getAttribute('fill'));
    expect(fills).toEqual(demo.sensitivity.slice(0, 8).map((e) => (e.high > e.low ? PALETTE.increase : PALETTE.decrease)));
  });

  it('benefits: one bar per benefit line', () => {
    const svg = benefitsChart(demo.benefits, options(lang));
    const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.benefits.title', 'chart.benefits.x'));
    expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(demo.benefits.length);
  });

  it('gantt: one bar per roadmap item, labelled with its phase', () => {
    const roadmap = report.roadmap!;
    const items = roadmap.phases.reduce((n, p) => n + p.items.length, 0);
    expect(items).toBeGreaterThan(0);
    const svg = ganttChart(roadmap, options(lang));
    const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.gantt.title', 'chart.gantt.x'));
    expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(items);
    const phaseTexts = all(root, 'g[aria-label="text"] text').map((n) => n.textContent);
    expect(phaseTexts.sort()).toEqual(roadmap.phases.flatMap((p) => p.items.map(() => String(p.index))).sort());
  });

  it('portfolio fan: the fan under the programme title', () => {
    const svg = portfolioFanChart(report.roadmap!.portfolio.cashflow, options(lang));
    expectSelfContainedSvg(svg, SIZE.width, SIZE.height, tr(lang, 'chart.portfolio.title', 'chart.fan.x', 'chart.fan.y', 'chart.fan.breakEven'));
  });

  it('defaults to an A4-friendly size and keeps every chart within the sizes a page uses', () => {
    const root = parse(cumulativeFanChart(fanOf(demo), { document: serverDocument(), lang, currency: 'CNY' }));
    expect(root.getAttribute('viewBox')).toBe('0 0 480 220');
    for (const size of [
      { width: 340, height: 175 },
      { width: 693, height: 238 },
    ]) {
      const o = options(lang, size);
      for (const svg of [
        cumulativeFanChart(fanOf(demo), o),
        paybackCurveChart(demo.paybackMonths, report.proposal.horizonMonths, o),
        tornadoChart(tornadoOf(demo, lang), demo.tornadoBase, o),
        benefitsChart(demo.benefits, o),
        ganttChart(report.roadmap!, o),
        portfolioFanChart(report.roadmap!.portfolio.cashflow, o),
      ])
        expectSelfContainedSvg(svg, size.width, size.height, []);
    }
  });
});

describe('money on the axes', () => {
  it('uses 万 in Chinese and whole units in English', () => {
    const zh = cumulativeFanChart(fanOf(demo), options('zh-CN'));
    const en = cumulativeFanChart(fanOf(demo), options('en'));
    expect(zh).toMatch(/¥\d+万/);
    expect(en).toMatch(/¥\d{1,3}(,\d{3})+/);
    expect(en).not.toContain('万');
  });
});

describe('charts with nothing to draw', () => {
  const nullPayback = {
    p5: null,
    p10: null,
    p25: null,
    p50: null,
    p75: null,
    p90: null,
    p95: null,
    probWithin: { '12': null, '24': null, '36': null },
  };

  it.each(LANGS)('return a small valid SVG with the title (%s)', (lang) => {
    const o = options(lang);
    const cases: [string, MessageKey][] = [
      [tornadoChart([], 0, o), 'chart.tornado.title'],
      [ganttChart({ phases: [] }, o), 'chart.gantt.title'],
      [ganttChart(undefined, o), 'chart.gantt.title'],
      [paybackCurveChart(nullPayback, 60, o), 'chart.payback.title'],
      [benefitsChart([], o), 'chart.benefits.title'],
      [cumulativeFanChart({ months: [], p10: [], p50: [], p90: [] }, o), 'chart.fan.title'],
      [portfolioFanChart({ months: [], cumulative: { p10: [], p50: [], p90: [] } }, o), 'chart.portfolio.title'],
    ];
    for (const [svg, key] of cases) {
      expectSelfContainedSvg(svg, SIZE.width, SIZE.height, [t(lang, key)]);
      expect(svg.length).toBeLessThan(1000);
    }
  });

  it('a roadmap whose phases hold no items is empty too', () => {
    const phase = { ...report.roadmap!.phases[0], items: [] };
    const root = parse(ganttChart({ phases: [phase] }, options('en')));
    expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(0);
  });
});

describe('awkward inputs', () => {
  it('a fan that never breaks even, losses in red, and a single-month fan', () => {
    const months = [0, 1, 2, 3];
    const loss = { months, p10: [0, -30, -60, -90], p50: [0, -20, -40, -60], p90: [0, -10, -20, -30] };
    expectSelfContainedSvg(cumulativeFanChart(loss, options('en')), SIZE.width, SIZE.height, [t('en', 'chart.fan.breakEven')]);
    expectSelfContainedSvg(cumulativeFanChart({ months: [0], p10: [0], p50: [0], p90: [0] }, options('zh-CN')), SIZE.width, SIZE.height, []);
    const root = parse(benefitsChart([{ label: 'x', pvMean: -5e5 }, { label: 'y', pvMean: 2e6 }], options('en')));
    const fills = all(root, 'g[aria-label="bar"] rect').map((r) => r.getAttribute('fill'));
    expect(fills[0]).not.toBe(fills[1]);
  });

  it('payback points come from the summary only, sorted by month', () => {
    const points = paybackPoints({ ...nullPaybackWith({ p50: 10, p90: 30 }), probWithin: { '12': 0.6, '24': 0.85, '36': null } });
    expect(points).toEqual([
      { month: 10, probability: 0.5 },
      { month: 12, probability: 0.6 },
      { month: 24, probability: 0.85 },
      { month: 30, probability: 0.9 },
    ]);
  });

  it('small amounts get ticks whose labels do not repeat', () => {
    const root = parse(tornadoChart([{ label: 'a', low: 1, high: 2 }, { label: 'b', low: 3, high: 1 }], 2, options('en')));
    const ticks = all(root, 'g[aria-label="x-axis tick label"] text').map((n) => n.textContent);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('output is deterministic', () => {
    expect(tornadoChart(tornadoOf(demo, 'zh-CN'), demo.tornadoBase, options('zh-CN'))).toBe(tornadoChart(tornadoOf(demo, 'zh-CN'), demo.tornadoBase, options('zh-CN')));
  });
});

function nullPaybackWith(values: Partial<Record<'p5' | 'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p95', number>>) {
  return { p5: null, p10: null, p25: null, p50: null, p75: null, p90: null, p95: null, ...values };
}

describe('label truncation', () => {
  it('keeps labels within the budget, CJK characters counting double', () => {
    const zh = '企业知识平台基础建设网关安全与首批知识领域上线';
    const cut = truncateLabel(zh, 28);
    expect(textUnits(zh)).toBeGreaterThan(28);
    expect(textUnits(cut)).toBeLessThanOrEqual(28);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateLabel('short label', 28)).toBe('short label');
  });

  it('keeps the field of "line · field" labels so neighbours stay distinct', () => {
    const labels = tornadoOf(demo, 'en').slice(0, 8).map((e) => truncateLabel(e.label, 28));
    for (const l of labels) expect(textUnits(l)).toBeLessThanOrEqual(28);
    expect(new Set(labels).size).toBe(labels.length);
    expect(truncateLabel('claims leakage stopped before payment · costPerError', 28)).toMatch(/ · costPerError$/);
  });
});
