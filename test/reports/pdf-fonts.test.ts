/**
 * The fonts are parsed once per process and the shaped words kept across
 * documents (reports/pdf-fonts.ts): what one document shaped, in either
 * language, must not change the bytes of the next; the warm-up document
 * (reports/pdf-warm-up.ts) only fills those caches.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../engine/index.js';
import { renderPdf } from '../../reports/pdf.js';
import { PDF_FONT, useReportFonts } from '../../reports/pdf-fonts.js';
import { warmUpPdf } from '../../reports/pdf-warm-up.js';
import { loadProposal } from '../../scenarios/load.js';

const report = analyze(loadProposal('fixtures/reference-model.json'), { trials: 500, seed: 7, createdAt: '2026-11-29T00:00:00.000Z' });

/** pdfkit's embedded fonts of a document, by registered name. */
const families = (doc: PDFKit.PDFDocument) => (doc as unknown as { _fontFamilies: Record<string, { font: unknown; layoutCache: unknown }> })._fontFamilies;

describe('fonts shared across documents', () => {
  it('two documents get the same parsed font and word cache per weight', () => {
    const a = new PDFDocument();
    const b = new PDFDocument();
    useReportFonts(a);
    useReportFonts(b);
    for (const name of [PDF_FONT.regular, PDF_FONT.bold]) {
      expect(families(a)[name].font).toBe(families(b)[name].font);
      expect(families(a)[name].layoutCache).toBe(families(b)[name].layoutCache);
    }
    expect(families(a)[PDF_FONT.regular].font).not.toBe(families(a)[PDF_FONT.bold].font);
  });

  it('a document renders to the same bytes before and after others filled the caches', async () => {
    const first = await renderPdf(report, { lang: 'en' });
    await renderPdf(report, { lang: 'zh-CN' });
    warmUpPdf('zh-CN');
    warmUpPdf('en');
    expect((await renderPdf(report, { lang: 'en' })).equals(first)).toBe(true);
  });
});
