import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The CJK font every report uses: Noto Sans SC (SIL Open Font License), from
 * the npm package @expo-google-fonts/noto-sans-sc, so no system font is needed.
 * It also covers Latin text, so one family serves both languages; the PDF
 * embeds only the glyphs it uses (pdfkit subsets TrueType fonts).
 */
export const FONT_FAMILY = 'Noto Sans SC';

const require = createRequire(import.meta.url);
let cache: { regular: Buffer; bold: Buffer } | null = null;

/**
 * The regular and bold TrueType files, read once per process (about 10 MB each).
 * @example fontFiles().regular.length // ~10.5 million bytes
 */
export function fontFiles(): { regular: Buffer; bold: Buffer } {
  if (!cache) {
    const dir = (weight: string) => require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/index.js`).replace(/index\.js$/, '');
    cache = {
      regular: readFileSync(`${dir('400Regular')}NotoSansSC_400Regular.ttf`),
      bold: readFileSync(`${dir('700Bold')}NotoSansSC_700Bold.ttf`),
    };
  }
  return cache;
}
