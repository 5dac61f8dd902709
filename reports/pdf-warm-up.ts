import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { cumulativeFanChart, serverDocument } from './charts/index.js';
import { FONT_FAMILY } from './fonts.js';
import { type Lang, MESSAGE_KEYS, t } from './i18n.js';
import { PDF_FONT, useReportFonts } from './pdf-fonts.js';

/**
 * A throwaway document drawn while a render thread waits for its Report (the
 * analysis is still running): every sentence of the language's catalogue in
 * both weights and one chart, so that the words are shaped into the shared
 * caches (pdf-fonts.ts) and the text, chart and subsetting code is compiled
 * before the real document. Nothing of it is kept but those caches, which do
 * not change what a document looks like.
 */
export function warmUpPdf(lang: Lang): void {
  const doc = new PDFDocument({ size: 'A4', margin: 50, autoFirstPage: true });
  useReportFonts(doc);
  for (const key of MESSAGE_KEYS) {
    const text = t(lang, key);
    for (const font of [PDF_FONT.regular, PDF_FONT.bold]) doc.font(font).fontSize(9).text(text, 50, 50, { width: 495 });
  }
  const months = Array.from({ length: 37 }, (_, m) => m);
  const fan = { months, p10: months.map((m) => (m - 18) * 40_000), p50: months.map((m) => (m - 12) * 60_000), p90: months.map((m) => (m - 8) * 90_000) };
  const svg = cumulativeFanChart(fan, { document: serverDocument(), lang, currency: 'CNY', width: 693, height: 210, fontFamily: FONT_FAMILY });
  SVGtoPDF(doc, svg, 50, 50, { width: 495, height: 150, preserveAspectRatio: 'xMinYMin meet', fontCallback: (_family: string, bold: boolean) => (bold ? PDF_FONT.bold : PDF_FONT.regular) });
  doc.resume();
  doc.end();
}
