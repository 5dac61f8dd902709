/**
 * The pilot review's charts: the prior fan with the actual line and the
 * re-forecast's P50, and the prior-vs-posterior chart of the measured inputs.
 */
import { describe, expect, it } from 'vitest';
import { PALETTE, priorPosteriorChart, priorPosteriorHeight, serverDocument, trackingFanChart } from '../../reports/charts/index.js';
import { LANGS, t } from '../../reports/i18n.js';
import { buildView } from '../../reports/view/index.js';
import { all, expectSelfContainedSvg, parse } from './svg-checks.js';
import { trackedBadPilot, trackedReference } from './tracked-reports.js';

const reference = trackedReference(2048);
const bad = trackedBadPilot(2048);
const SIZE = { width: 600, height: 230 };
const options = (lang: (typeof LANGS)[number]) => ({ document: serverDocument(), lang, currency: 'CNY', ...SIZE });

/** The y of a point's centre and the plot frame's vertical extent, from the SVG. */
function dotsWithinFrame(svg: string): { inside: boolean; dots: number } {
  const root = parse(svg);
  const dots = all(root, 'g[aria-label="dot"] circle');
  const cy = dots.map((d) => Number(d.getAttribute('cy') ?? transformY(d.getAttribute('transform'))));
  return { inside: cy.every((y) => y >= 34 - 0.5 && y <= SIZE.height - 32 + 0.5), dots: dots.length };
}
const transformY = (tr: string | null) => Number(/translate\([^,]+,([^)]+)\)/.exec(tr ?? '')?.[1] ?? NaN);

describe.each(LANGS)('pilot-review charts (%s)', (lang) => {
  it('the fan: the prior band and P50, the actual line with a dot per observed month, the dashed re-forecast P50, a legend', () => {
    const s = buildView(reference, lang).tracking!.scenarios[0];
    const svg = trackingFanChart(s.fan, options(lang));
    const root = expectSelfContainedSvg(svg, SIZE.width, SIZE.height, [t(lang, 'chart.tracking.title'), t(lang, 'chart.fan.actual'), t(lang, 'chart.fan.reforecast')]);
    const lines = all(root, 'g[aria-label="line"]');
    expect(lines.filter((g) => g.getAttribute('stroke') === PALETTE.actual)).toHaveLength(1);
    expect(lines.filter((g) => g.getAttribute('stroke-dasharray') === '4,2')).toHaveLength(1);
    expect(dotsWithinFrame(svg)).toEqual({ inside: true, dots: s.actualLine.length });
    expect(s.actualLine.map((a) => a.month)).toEqual([0, 1, 2, 3]);
    // The x axis stops at the view's month (two years here), not at the horizon.
    expect(s.fan.throughMonth).toBe(24);
    const ticks = all(root, 'g[aria-label="x-axis tick label"] text').map((n) => Number(n.textContent));
    expect(Math.max(...ticks)).toBe(24);
  });

  it('the fan keeps actuals far below the P10 inside its frame (the axis reaches them)', () => {
    const s = buildView(bad, lang).tracking!.scenarios[0];
    const r = bad.tracking!.scenarios[0].rows.filter((x) => x.kind === 'cumulative-cash');
    expect(r.every((x) => x.actual < x.forecast.p10)).toBe(true);
    expect(dotsWithinFrame(trackingFanChart(s.fan, options(lang)))).toEqual({ inside: true, dots: 4 });
  });

  it('prior vs posterior: a prior and a posterior bar per input with a spread, dots at the means, in prior standard deviations', () => {
    const s = buildView(reference, lang).tracking!.scenarios[0];
    const svg = priorPosteriorChart(s.posteriorChart, { document: serverDocument(), lang, currency: 'CNY', width: 600 });
    const height = priorPosteriorHeight(s.posteriorChart.length);
    const root = expectSelfContainedSvg(svg, 600, height, [t(lang, 'chart.posterior.title'), t(lang, 'chart.posterior.x'), t(lang, 'chart.posterior.prior'), t(lang, 'chart.posterior.posterior')]);
    const bars = all(root, 'g[aria-label="bar"]');
    expect(bars).toHaveLength(2);
    for (const g of bars) expect(all(g, 'rect')).toHaveLength(s.posteriorChart.length);
    // minutes saved moved from its prior mean 5.67 (sd 1.82) to about 8.97: +1.8 prior sd, its posterior bar right of the +1 tick.
    const minutes = s.posteriorChart.findIndex((e) => e.label === buildView(reference, lang).names.input('reference.benefits[0].minutesSaved'));
    expect(minutes).toBeGreaterThanOrEqual(0);
    const tickX = (label: string) => {
      const g = all(root, 'g[aria-label="x-axis tick label"] text').find((n) => n.textContent === label)!;
      return transformX(g.getAttribute('transform') ?? g.parentNode?.getAttribute('transform') ?? null);
    };
    const posterior = all(bars[1], 'rect')[minutes];
    expect(Number(posterior.getAttribute('x'))).toBeGreaterThan(tickX('+1'));
  });

  it('prior vs posterior leaves out inputs without a spread and draws an empty frame for none', () => {
    const flat = { label: 'fixed', prior: { mean: 1, sd: 0, p10: 1, p90: 1 }, posterior: { mean: 1, p10: 1, p90: 1 } };
    const one = { label: 'moved', prior: { mean: 0, sd: 1, p10: -1.28, p90: 1.28 }, posterior: { mean: 2, p10: 1.8, p90: 2.2 } };
    const root = parse(priorPosteriorChart([flat, one], options(lang)));
    expect(all(root, 'g[aria-label="bar"] rect')).toHaveLength(2);
    const empty = parse(priorPosteriorChart([flat], options(lang)));
    expect(all(empty, 'g[aria-label="bar"]')).toHaveLength(0);
    expect(all(empty, 'text').map((n) => n.textContent)).toContain(t(lang, 'chart.posterior.title'));
  });
});
const transformX = (tr: string | null) => Number(/translate\(([^,]+),/.exec(tr ?? '')?.[1] ?? NaN);
