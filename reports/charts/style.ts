/**
 * The one look every chart shares. Colours are plain hex strings written as
 * explicit fill / stroke attributes on each mark: svg-to-pdfkit ignores
 * stylesheets and classes, and 'currentColor' depends on where the SVG lands.
 */

export const PALETTE = {
  /** Text: titles, tick labels, and the replacement for any stray 'currentColor'. */
  text: '#222222',
  /** Axis titles and secondary annotations. */
  muted: '#666666',
  /** Axis lines and tick marks. */
  axis: '#8a8a8a',
  /** Grid lines and the outline of an empty chart. */
  grid: '#e0e0e0',
  /** The median (P50) line. */
  p50: '#1f3a5f',
  /** The P10–P90 band fill and its edges. */
  band: '#cfdcec',
  bandEdge: '#9fb6d3',
  /** Below zero, and the break-even rule. */
  negative: '#c62828',
  /** Bars that rise with the input / positive amounts. */
  increase: '#2f6db5',
  /** Bars that fall as the input rises. */
  decrease: '#e07b24',
  /** What a pilot measured: the actual line over the fan, the posterior over the prior. */
  actual: '#d35400',
  /** Roadmap phases, alternating so neighbours stay apart. */
  phases: ['#2f6db5', '#1f3a5f'] as readonly string[],
  /** Text drawn on a dark bar. */
  onDark: '#ffffff',
} as const;

/** The reports' CJK-capable family (reports/fonts.ts embeds it in the PDF). */
export const DEFAULT_FONT_FAMILY = 'Noto Sans SC';
/** Tick labels and annotations, in px. */
export const FONT_SIZE = 9;
/** The chart title, in px. */
export const TITLE_FONT_SIZE = 10;

/** Roughly an A4 content width at 1 px = 1 pt, a little under half its height. */
export const DEFAULT_WIDTH = 480;
export const DEFAULT_HEIGHT = 220;

/**
 * Fixed parts of the layout, in px. The left margin grows with the widest
 * tick label; the top holds the title (line 1) and the y-axis title (line 2).
 */
export const MARGINS = {
  top: 34,
  right: 14,
  bottom: 32,
  left: 8,
  /** Gap between a tick label and the frame. */
  tickPadding: 5,
} as const;

/** Baselines of the title and the y-axis title, measured from the top. */
export const TITLE_BASELINE = 11;
export const SUBTITLE_BASELINE = 24;

export const STROKE = {
  grid: 0.6,
  axis: 0.8,
  band: 0.75,
  p50: 1.75,
  rule: 1,
} as const;

/** Labels longer than this many width units are shortened (CJK characters count 2). */
export const LABEL_UNITS = 28;
