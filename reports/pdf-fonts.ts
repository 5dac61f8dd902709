import { type Font, create } from 'fontkit';
import { fontFiles } from './fonts.js';

/**
 * The fonts of every PDF, parsed once per process instead of once per
 * document: pdfkit accepts a parsed fontkit font, and each document still
 * builds its own subset (only the glyphs it draws). Shaping a word (fontkit's
 * layout, with the font's OpenType features) is the costliest part of drawing
 * text, so the shaped words are kept across documents too: pdfkit caches them
 * per document, and every document here is given the same cache per weight.
 */
export const PDF_FONT = { regular: 'Noto', bold: 'NotoBold' } as const;

type Weight = keyof typeof PDF_FONT;
interface OpenFont {
  font: Font;
  /** pdfkit's shaped words (its `layoutCache`): text → glyph run, in the font's own units scaled to 1000. */
  layoutCache: Record<string, unknown>;
}

/**
 * Past this many shaped words a cache starts again: a long-running API renders
 * many reports (the demo's two documents shape about 3,300 words, ~1 KB each).
 */
const MAX_CACHED_WORDS = 20_000;
let open: Record<Weight, OpenFont> | null = null;

function openFonts(): Record<Weight, OpenFont> {
  if (!open) {
    const files = fontFiles();
    open = {
      regular: { font: create(files.regular), layoutCache: Object.create(null) },
      bold: { font: create(files.bold), layoutCache: Object.create(null) },
    };
  }
  return open;
}

/** pdfkit's embedded font of a registered name, as far as this module touches it. */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
}

/**
 * Registers the regular and bold fonts in a new document under PDF_FONT's
 * names (regular first, as the document first uses it, so the font ids and
 * the order fonts are embedded in stay as before) and leaves regular current.
 */
export function useReportFonts(doc: PDFKit.PDFDocument): void {
  const fonts = openFonts();
  const families = (doc as unknown as { _fontFamilies: Record<string, EmbeddedFont> })._fontFamilies;
  for (const weight of ['regular', 'bold'] as const) {
    const name = PDF_FONT[weight];
    const f = fonts[weight];
    doc.registerFont(name, f.font as unknown as PDFKit.Mixins.PDFFontSource);
    doc.font(name);
    if (Object.keys(f.layoutCache).length > MAX_CACHED_WORDS) f.layoutCache = Object.create(null);
    // Only when pdfkit keeps a cache at all (its fontLayoutCache option).
    if (families[name]?.layoutCache) families[name].layoutCache = f.layoutCache;
  }
  doc.font(PDF_FONT.regular);
}
