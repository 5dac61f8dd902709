/**
 * The pilot review in the PDF: a section after the executive summary when the
 * Report has `tracking`, laid out from the view (status, recommendation, the
 * fan with the actual line, forecast versus actual, prior → posterior, the
 * re-forecast) in both languages, with the layout checks of every PDF.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Report, analyze } from '../../engine/index.js';
import { LANGS, type Lang, t } from '../../reports/i18n.js';
import { type PdfLayout, renderPdfWithLayout } from '../../reports/pdf.js';
import { buildView } from '../../reports/view/index.js';
import { loadProposal } from '../../scenarios/load.js';
import { expectHeadingsKeptWithNext, expectInsideBoxes, foreignWords } from './pdf-layout.js';
import { type PageText, readPdf } from './pdf-text.js';
import { trackedBadPilot, trackedDemo, trackedReference } from './tracked-reports.js';

interface Rendered {
  layout: PdfLayout;
  pages: PageText[];
}

const reports: Record<string, Report> = {
  demo: trackedDemo(),
  reference: trackedReference(2048),
  bad: trackedBadPilot(2048),
};
const rendered = new Map<string, Rendered>();
beforeAll(async () => {
  for (const [name, report] of Object.entries(reports)) {
    for (const lang of LANGS) {
      const { pdf, layout } = await renderPdfWithLayout(report, { lang });
      rendered.set(`${name}:${lang}`, { layout, pages: await readPdf(pdf) });
    }
  }
}, 120_000);

const squash = (s: string) => s.replace(/\s+/g, '');
const allText = (r: Rendered) => r.pages.map((p) => p.items.map((i) => i.str).join(' ')).join('\n');
/** The boxes from the pilot review's heading up to the next section's. */
function pilotBoxes(r: Rendered, lang: Lang) {
  const boxes = r.layout.boxes.filter((b) => b.kind !== 'footer');
  const start = boxes.findIndex((b) => b.kind === 'heading' && b.text === t(lang, 'tracking.section.pilotReview'));
  const end = boxes.findIndex((b) => b.kind === 'heading' && b.text === t(lang, 'section.ranking'));
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return boxes.slice(start, end);
}

describe('the pilot review in the PDF', () => {
  for (const name of Object.keys(reports)) {
    for (const lang of LANGS) {
      it(`${name} (${lang}): no text wider than its cell or page, no heading alone at the foot of a page`, () => {
        const r = rendered.get(`${name}:${lang}`)!;
        expectInsideBoxes(r);
        expectHeadingsKeptWithNext(r.layout);
      });
    }
  }

  for (const lang of LANGS) {
    it(`the tracked demo in ${lang} holds no word of the other language beyond the acronyms`, () => {
      expect(foreignWords(allText(rendered.get(`demo:${lang}`)!), lang, reports.demo)).toEqual([]);
    });

    it(`lays out every tracked scenario from the view, after the summary and before the ranking (${lang})`, () => {
      const r = rendered.get(`demo:${lang}`)!;
      const boxes = pilotBoxes(r, lang);
      const summary = r.layout.boxes.findIndex((b) => b.kind === 'heading' && b.text === t(lang, 'section.summary'));
      expect(summary).toBeLessThan(r.layout.boxes.indexOf(boxes[0]));
      const view = buildView(reports.demo, lang).tracking!;
      expect(view.scenarios.length).toBe(reports.demo.tracking!.scenarios.length);
      const headings = boxes.filter((b) => b.kind === 'heading').map((b) => b.text);
      const cells = boxes.filter((b) => b.kind === 'cell').map((b) => b.text);
      const text = squash(boxes.map((b) => b.text).join(''));
      expect(text).toContain(squash(view.title));
      for (const s of view.scenarios) {
        expect(headings).toContain(s.statusLine);
        expect(text).toContain(squash(s.statusText));
        expect(text).toContain(squash(s.recommendation.headline));
        for (const reason of s.recommendation.reasons) expect(text).toContain(squash(reason));
        expect(text).toContain(squash(s.varianceResolved));
        // Forecast versus actual: every cell the view builds for the columns laid out.
        for (const row of s.rows.rows) for (const c of row.cells) if (c.text) expect(cells, `${s.id} ${row.id}`).toContain(c.text);
        // Prior → posterior, in the compact "mean (P10–P90)" form, and the re-forecast before → after.
        for (const row of s.inputs.rows) for (const k of [0, 2, 3]) expect(cells, `${s.id} ${row.id}`).toContain(row.cells[k].text);
        for (const row of s.reforecast.rows) for (const c of row.cells) expect(cells, `${s.id} ${row.id}`).toContain(c.text);
      }
      // A fan with the actual line for each scenario with readings of its own, a prior-vs-posterior chart for each.
      const charts = boxes.filter((b) => b.kind === 'chart').length;
      const withActuals = view.scenarios.filter((s) => s.actualLine.length > 0).length;
      expect(withActuals).toBe(2);
      expect(charts).toBe(withActuals + view.scenarios.filter((s) => s.inputs.rows.length > 0).length);
    });

    it(`a pilot gone wrong reads behind, adjust or stop, with the outside-prior caveat (${lang})`, () => {
      const view = buildView(reports.bad, lang).tracking!.scenarios[0];
      expect(view.status).toBe('behind');
      expect(view.recommendation.decision).not.toBe('go');
      expect(view.caveats.length).toBeGreaterThan(0);
      const text = squash(pilotBoxes(rendered.get(`bad:${lang}`)!, lang).map((b) => b.text).join(''));
      expect(text).toContain(squash(view.statusLine));
      expect(text).toContain(squash(view.recommendation.headline));
      for (const c of view.caveats) expect(text).toContain(squash(c));
    });
  }

  it('a Report without tracking has no pilot review', async () => {
    const plain = analyze(loadProposal('fixtures/reference-model.json'), { trials: 1024, seed: 1 });
    const { layout } = await renderPdfWithLayout(plain, { lang: 'en' });
    expect(layout.boxes.some((b) => b.text === t('en', 'tracking.section.pilotReview'))).toBe(false);
  });
});
