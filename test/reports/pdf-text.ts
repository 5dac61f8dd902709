/** Reads a PDF back for tests: each page's text items with their positions, and the page size. */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageText {
  width: number;
  height: number;
  /** Text items: string, left x, baseline y (from the bottom), width. */
  items: { str: string; x: number; y: number; width: number }[];
  text: string;
}

export async function readPdf(bytes: Buffer): Promise<PageText[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const view = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items
      .filter((i): i is typeof i & { str: string; transform: number[]; width: number } => 'str' in i)
      .map((i) => ({ str: i.str, x: i.transform[4], y: i.transform[5], width: i.width }));
    pages.push({ width: view.width, height: view.height, items, text: items.map((i) => i.str).join('') });
  }
  await doc.destroy();
  return pages;
}
