/** Checks of a rendered PDF: its layout against the boxes it drew, and its language (the proposal and pilot-review tests share them). */
import { expect } from 'vitest';
import type { Report } from '../../engine/index.js';
import type { Lang } from '../../reports/i18n.js';
import type { PdfLayout } from '../../reports/pdf.js';
import type { PageText } from './pdf-text.js';

/**
 * Every text item pdfjs reads back lies inside a box the layout drew it in
 * (a cell, a paragraph, a heading, a chart, the footer) and is no wider than
 * that box: nothing is cut and nothing spills over its column or the page.
 */
export function expectInsideBoxes(r: { layout: PdfLayout; pages: PageText[] }): void {
  r.pages.forEach((page, p) => {
    const boxes = r.layout.boxes.filter((b) => b.page === p);
    for (const item of page.items) {
      if (item.str.trim() === '') continue;
      const top = page.height - item.y;
      const holders = boxes.filter((b) => item.x >= b.x - 1 && item.x <= b.x + b.width + 0.5 && top >= b.y - 1 && top <= b.y + b.height + 2);
      expect(holders.length, `page ${p + 1}: "${item.str}" at (${item.x.toFixed(1)}, ${top.toFixed(1)}) is in no box`).toBeGreaterThan(0);
      const fits = holders.some((b) => item.x + item.width <= b.x + b.width + 0.75);
      expect(fits, `page ${p + 1}: "${item.str}" (${item.width.toFixed(1)} pt wide at x ${item.x.toFixed(1)}) is wider than its box`).toBe(true);
      expect(item.x).toBeGreaterThanOrEqual(0);
      expect(item.x + item.width).toBeLessThanOrEqual(page.width + 0.5);
    }
  });
}

/** No heading is the last thing drawn on its page: the block after it shares the page. */
export function expectHeadingsKeptWithNext(layout: PdfLayout): void {
  const body = layout.boxes.filter((b) => b.kind !== 'footer');
  body.forEach((b, k) => {
    if (b.kind !== 'heading') return;
    const next = body[k + 1];
    expect(next, `heading "${b.text}" ends the document`).toBeDefined();
    expect(next.page, `heading "${b.text}" on page ${b.page + 1} is the last item of its page`).toBe(b.page);
  });
}

/**
 * Latin words a Chinese document may hold whatever the proposal: the acronyms
 * of the method (NPV, IRR, ROI, PERT, EVPPI, P5 … P95), the currency code and
 * the product's name. The input hash is removed before the check.
 */
const ACRONYMS = new Set(['NPV', 'IRR', 'ROI', 'PERT', 'EVPPI', 'P', 'CNY', 'closedloop']);

/** The words of the other language in a document's text: Latin words in Chinese, CJK characters in English. */
export function foreignWords(text: string, lang: Lang, report: Report): string[] {
  const cleaned = text.split(report.run.inputHash).join(' ');
  if (lang === 'en') return [...cleaned.matchAll(/[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+/gu)].map((m) => m[0]);
  return [...cleaned.matchAll(/[A-Za-z][A-Za-z'’-]*/g)].map((m) => m[0]).filter((w) => !ACRONYMS.has(w));
}
