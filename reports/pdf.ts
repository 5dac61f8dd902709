import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Report } from '../engine/index.js';
import {
  benefitsChart,
  cumulativeFanChart,
  ganttChart,
  paybackCurveChart,
  portfolioFanChart,
  priorPosteriorChart,
  priorPosteriorHeight,
  serverDocument,
  tornadoChart,
  trackingFanChart,
} from './charts/index.js';
import { FONT_FAMILY } from './fonts.js';
import { PDF_FONT, useReportFonts } from './pdf-fonts.js';
import { type Lang, type MessageKey } from './i18n.js';
import { type ReportView, SUMMARY_RANKING_COLUMNS, type ScenarioTrackingView, type ScenarioView, type ViewTable, buildView, pick } from './view/index.js';

/** A4 portrait in points, and the margins every page keeps. */
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** The lowest y body content may reach: the footer sits below it. */
const BOTTOM = PAGE.height - PAGE.margin - 14;
const COLOURS = {
  heading: '#1f3a5f',
  text: '#222222',
  muted: '#666666',
  rule: '#c8d0da',
  band: '#eef2f7',
  verdict: { accept: '#2e7d32', consider: '#b7791f', 'mandate-only': '#c62828' } as Record<string, string>,
  /** A tracked reading's or scenario's status, and the pilot review's decision. */
  status: { ahead: '#2e7d32', 'on-track': '#1f3a5f', behind: '#c62828' } as Record<string, string>,
  decision: { go: '#2e7d32', adjust: '#b7791f', stop: '#c62828' } as Record<string, string>,
};
/** The forecast-versus-actual and prior-vs-posterior columns the pilot review lays out (the workbook keeps them all). */
const PILOT_ROW_COLUMNS = ['month', 'measure', 'actual', 'p10', 'p50', 'p90', 'percentile', 'status', 'explainedBy'];
const PILOT_INPUT_COLUMNS = ['input', 'moved', 'prior', 'posterior', 'method', 'ess'];
const FONT = PDF_FONT;
/** Horizontal padding inside a table cell, each side (points). */
const CELL_PAD = 2;
/** The smallest font a table shrinks to when its figures would not fit the page width. */
const MIN_TABLE_FONT = 6;
const PHASE_COLUMNS = ['phase', 'start', 'end', 'items', 'spendMean', 'spendP50', 'budgetProbability'];

export interface PdfOptions {
  lang: Lang;
}

/** Where one piece of text was drawn: what the layout tests compare pdfjs's text items with. */
export interface LayoutBox {
  /** 0-based page index. */
  page: number;
  kind: 'heading' | 'text' | 'cell' | 'header' | 'chart' | 'footer' | 'cover';
  /** Top-left corner and size in points, y from the top of the page. */
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

export interface PdfLayout {
  pages: number;
  boxes: LayoutBox[];
}

/** A heading waiting for the block that follows it, so that the two always share a page (keep-with-next). */
interface PendingHeading {
  text: string;
  size: number;
  rule: boolean;
  height: number;
}

/** Writes the document top to bottom, starting a new page when the next block would not fit. */
class Writer {
  y = PAGE.margin;
  page = 0;
  readonly boxes: LayoutBox[] = [];
  private pending: PendingHeading[] = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly view: ReportView,
  ) {}

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.view.f.t(key, params);
  }

  newPage(): void {
    this.doc.addPage();
    this.page++;
    this.y = PAGE.margin;
  }

  /** Records and draws text inside a box of `width`, wrapped by pdfkit; returns its height. */
  textBox(kind: LayoutBox['kind'], text: string, x: number, y: number, width: number, options: PDFKit.Mixins.TextOptions = {}): number {
    const height = this.doc.heightOfString(text, { width, ...options });
    this.doc.text(text, x, y, { width, ...options });
    this.boxes.push({ page: this.page, kind, x, y, width, height, text });
    return height;
  }

  private headingHeight(h: { text: string; size: number }): number {
    this.doc.font(FONT.bold).fontSize(h.size);
    return this.doc.heightOfString(h.text, { width: CONTENT_WIDTH }) + (h.size >= 14 ? 12 : 4);
  }

  /** A heading, drawn with the next block (never alone at the bottom of a page). */
  heading(text: string, size = 16): void {
    const h = { text, size, rule: size >= 14, height: 0 };
    h.height = this.headingHeight(h);
    this.pending.push(h);
  }

  subheading(text: string): void {
    this.heading(text, 11);
  }

  /**
   * Makes room for a block of `height` points (and the headings waiting for it):
   * a new page when they would not fit, then the headings.
   */
  block(height: number): void {
    const waiting = this.pending.reduce((a, h) => a + h.height, 0);
    if (this.y + waiting + height > BOTTOM && this.y > PAGE.margin) this.newPage();
    for (const h of this.pending) {
      this.doc.font(FONT.bold).fontSize(h.size).fillColor(COLOURS.heading);
      const drawn = this.textBox('heading', h.text, PAGE.margin, this.y, CONTENT_WIDTH);
      this.y += drawn + 4;
      if (h.rule) {
        this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + CONTENT_WIDTH, this.y).lineWidth(0.6).strokeColor(COLOURS.rule).stroke();
        this.y += 8;
      }
    }
    this.pending = [];
  }

  /** A paragraph; returns the y its first line was drawn at. */
  paragraph(text: string, size = 9.5, colour = COLOURS.text, indent = 0): number {
    this.doc.font(FONT.regular).fontSize(size);
    const height = this.doc.heightOfString(text, { width: CONTENT_WIDTH - indent });
    this.block(height + 4);
    this.doc.font(FONT.regular).fontSize(size).fillColor(colour);
    const top = this.y;
    this.y += this.textBox('text', text, PAGE.margin + indent, this.y, CONTENT_WIDTH - indent) + 4;
    return top;
  }

  /**
   * A bulleted list. The bullet is drawn as a dot, not typed: in the embedded
   * CJK font "•" and "·" share one glyph, so a typed bullet would make every
   * middle dot of the document extract (copy, search) as "•".
   */
  bullets(items: readonly string[], size = 9): void {
    for (const item of items) {
      const top = this.paragraph(item, size, COLOURS.text, 10);
      this.doc.circle(PAGE.margin + 4, top + size * 0.62, size * 0.16).fill(COLOURS.text);
    }
  }

  /** Text cut to fit `width` on one line, ending in "…" when cut (for the footer only). */
  fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo)}…`;
  }

  /** The widest unbreakable run of a text (a Latin word, a figure, one CJK character), in the current font. */
  private longestWord(text: string): number {
    let widest = 0;
    for (const word of text.split(/[\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/u)) widest = Math.max(widest, this.doc.widthOfString(word));
    // A CJK character is as wide as the font size.
    return /[\u4e00-\u9fff]/u.test(text) ? Math.max(widest, this.doc.widthOfString('国')) : widest;
  }

  /**
   * Column widths for a table, filled in three levels: every column at least
   * its longest unbreakable word (figures never wrap); then, as room allows,
   * headers on at most two lines and text on one; then everything on one line;
   * what is left goes to the columns in proportion to their width. Returns the
   * widths and the font size (smaller when the minimum would not fit the page).
   */
  private columnWidths(table: ViewTable, size: number, whole: ReadonlySet<string> = new Set()): { widths: number[]; size: number } {
    for (let s = size; ; s -= 0.5) {
      const pad = 2 * CELL_PAD + 1;
      this.doc.font(FONT.bold).fontSize(s);
      const headerWord = table.columns.map((c) => this.longestWord(c.header));
      const headerFull = table.columns.map((c) => this.doc.widthOfString(c.header));
      this.doc.font(FONT.regular).fontSize(s);
      const lines = (k: number) => table.rows.flatMap((r) => r.cells[k].text.split('\n'));
      const cellFull = table.columns.map((_, k) => Math.max(0, ...lines(k).map((l) => this.doc.widthOfString(l))));
      const cellWord = table.columns.map((c, k) => (c.kind === 'text' && !whole.has(c.id) ? Math.max(0, ...lines(k).map((l) => this.longestWord(l))) : cellFull[k]));
      const min = table.columns.map((_, k) => Math.max(cellWord[k], headerWord[k]) + pad);
      const comfy = table.columns.map((c, k) => Math.max(min[k], (c.kind === 'text' ? Math.min(cellFull[k], CONTENT_WIDTH / 2) : cellFull[k]) + pad, headerFull[k] / 2 + pad));
      const full = table.columns.map((_, k) => Math.max(comfy[k], cellFull[k] + pad, headerFull[k] + pad));
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      if (sum(min) > CONTENT_WIDTH && s > MIN_TABLE_FONT) continue;
      const levels = [min, comfy, full];
      let widths = min;
      for (let l = 1; l < levels.length; l++) {
        const next = levels[l];
        if (sum(next) <= CONTENT_WIDTH) {
          widths = next;
          continue;
        }
        // Grow toward the next level in proportion to what each column still wants.
        const left = CONTENT_WIDTH - sum(widths);
        const want = sum(next.map((w, k) => w - widths[k]));
        widths = widths.map((w, k) => w + (want > 0 ? (left * (next[k] - w)) / want : 0));
        break;
      }
      const spare = CONTENT_WIDTH - sum(widths);
      if (spare > 0) {
        const total = sum(widths);
        widths = widths.map((w) => w + (spare * w) / total);
      }
      return { widths, size: s };
    }
  }

  /**
   * A table from the view: a shaded header that wraps, rows as tall as their
   * tallest (wrapped) cell, the header repeated after a page break; figures
   * right-aligned; nothing cut. `total` adds a bold last row; the text of the
   * columns in `whole` never wraps (a status of two words).
   */
  table(table: ViewTable, size = 8, options: { total?: string[]; header?: boolean; padding?: number; whole?: readonly string[] } = {}): void {
    const { total, header: withHeader = true, padding = 4 } = options;
    const { widths, size: font } = this.columnWidths(table, size, new Set(options.whole ?? []));
    const align = table.columns.map((c) => (c.kind === 'text' ? 'left' : 'right') as 'left' | 'right');
    /** Cell widths of a row: an empty cell lends its width to the cell on its left (a total's label spans the empty columns after it). */
    const spans = (cells: readonly string[]) =>
      cells.map((c, k) => {
        if (!c) return 0;
        let w = widths[k];
        for (let j = k + 1; j < cells.length && !cells[j]; j++) w += widths[j];
        return w;
      });
    const rowSpans = (cells: readonly string[], span: boolean) => (span ? spans(cells) : widths);
    const heightOf = (cells: readonly string[], bold: boolean, span = false) => {
      this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(font);
      const w = rowSpans(cells, span);
      return Math.max(...cells.map((c, k) => (c ? this.doc.heightOfString(c, { width: w[k] - 2 * CELL_PAD }) : 0)), this.doc.heightOfString(' ')) + padding;
    };
    const headers = table.columns.map((c) => c.header);
    const headerHeight = withHeader ? heightOf(headers, true) : 0;
    const drawRow = (cells: readonly string[], bold: boolean, kind: LayoutBox['kind'], colour: (k: number) => string, height: number, span = false) => {
      this.doc.font(bold ? FONT.bold : FONT.regular).fontSize(font);
      const w = rowSpans(cells, span);
      let x = PAGE.margin;
      cells.forEach((c, k) => {
        this.doc.fillColor(colour(k));
        // A spanning label is left-aligned; a figure keeps its column's alignment.
        if (c) this.textBox(kind, c, x + CELL_PAD, this.y + padding / 2, w[k] - 2 * CELL_PAD, { align: span && w[k] !== widths[k] ? 'left' : align[k] });
        x += widths[k];
      });
      this.y += height;
    };
    const header = () => {
      if (!withHeader) return;
      this.doc.rect(PAGE.margin, this.y, CONTENT_WIDTH, headerHeight).fill(COLOURS.band);
      drawRow(headers, true, 'header', () => COLOURS.heading, headerHeight);
    };
    const rows = table.rows.map((r) => ({ cells: r.cells.map((c) => c.text), tone: r.tone }));
    const firstHeight = rows.length ? heightOf(rows[0].cells, false) : 0;
    this.block(headerHeight + firstHeight);
    header();
    // The verdict or status column takes its row's tone.
    const toneColumn = table.columns.findIndex((c) => c.id === 'verdict' || c.id === 'status');
    const tones: Record<string, string> = { ...COLOURS.verdict, ...COLOURS.status };
    for (const row of rows) {
      const height = heightOf(row.cells, false);
      if (this.y + height > BOTTOM) {
        this.newPage();
        header();
      }
      drawRow(row.cells, false, 'cell', (k) => (k === toneColumn && row.tone ? tones[row.tone] ?? COLOURS.text : COLOURS.text), height);
      this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + CONTENT_WIDTH, this.y).lineWidth(0.3).strokeColor(COLOURS.rule).stroke();
    }
    if (total) {
      const height = heightOf(total, true, true);
      if (this.y + height > BOTTOM) {
        this.newPage();
        header();
      }
      drawRow(total, true, 'cell', () => COLOURS.heading, height, true);
    }
    this.y += 8;
  }

  /** Draws an SVG chart at (x, y) scaled to width × height points. */
  chart(svg: string, x: number, y: number, width: number, height: number): void {
    SVGtoPDF(this.doc, svg, x, y, {
      width,
      height,
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family: string, bold: boolean) => (bold ? FONT.bold : FONT.regular),
    });
    this.boxes.push({ page: this.page, kind: 'chart', x, y, width, height, text: '' });
  }

  /** A chart on its own row, full width. */
  chartRow(svg: string, height: number): void {
    this.block(height + 6);
    this.chart(svg, PAGE.margin, this.y, CONTENT_WIDTH, height);
    this.y += height + 6;
  }
}

/** The chart options for a width × height box (charts render at 1.4× the point size for crisp text). */
function chartOptions(w: Writer, width: number, height: number) {
  return { document: serverDocument(), lang: w.view.lang, currency: w.view.currency, width: width * 1.4, height: height * 1.4, fontFamily: FONT_FAMILY };
}

function cover(w: Writer): void {
  const { doc, view } = w;
  doc.rect(0, 0, PAGE.width, 300).fill(COLOURS.heading);
  doc.font(FONT.bold).fontSize(26).fillColor('#ffffff');
  w.textBox('cover', w.t('doc.title'), PAGE.margin, 110, CONTENT_WIDTH);
  doc.font(FONT.regular).fontSize(13).fillColor('#dbe4ef');
  w.textBox('cover', w.t('doc.subtitle'), PAGE.margin, doc.y + 8, CONTENT_WIDTH);
  doc.font(FONT.bold).fontSize(15).fillColor(COLOURS.text);
  w.textBox('cover', w.t('doc.preparedFor', { customer: view.customer }), PAGE.margin, 340, CONTENT_WIDTH);
  doc.font(FONT.regular).fontSize(10.5).fillColor(COLOURS.muted);
  w.textBox('cover', w.t('doc.date', { date: view.f.date(view.report.run.createdAt) }), PAGE.margin, doc.y + 10, CONTENT_WIDTH);
  w.textBox('cover', w.t('doc.currency', { currency: view.currency }), PAGE.margin, doc.y + 2, CONTENT_WIDTH);
  const boxY = doc.y + 40;
  const headline = view.recommendation.headline;
  doc.font(FONT.regular).fontSize(12);
  const height = doc.heightOfString(headline, { width: CONTENT_WIDTH - 30 }) + 40;
  doc.rect(PAGE.margin, boxY, CONTENT_WIDTH, height).fill(COLOURS.band);
  doc.font(FONT.bold).fontSize(10).fillColor(COLOURS.heading);
  w.textBox('cover', w.t('doc.headline'), PAGE.margin + 15, boxY + 10, CONTENT_WIDTH - 30);
  doc.font(FONT.regular).fontSize(12).fillColor(COLOURS.text);
  w.textBox('cover', headline, PAGE.margin + 15, doc.y + 4, CONTENT_WIDTH - 30);
}

function summary(w: Writer): void {
  const { view } = w;
  const rec = view.recommendation;
  w.newPage();
  w.heading(w.t('section.summary'));
  w.subheading(w.t('summary.recommendation'));
  w.paragraph(rec.headline);
  w.bullets(rec.details, 8.5);
  if (rec.focusLine) w.paragraph(rec.focusLine, 8.5);
  // Key numbers in boxes.
  const boxes = view.keyNumbers;
  w.subheading(w.t('summary.keyNumbers'));
  w.block(64);
  const bw = (CONTENT_WIDTH - (boxes.length - 1) * 8) / boxes.length;
  boxes.forEach((b, k) => {
    const x = PAGE.margin + k * (bw + 8);
    w.doc.rect(x, w.y, bw, 62).fill(COLOURS.band);
    // The figure shrinks to fit its box rather than being cut.
    let size = 15;
    for (w.doc.font(FONT.bold); size > 8 && w.doc.fontSize(size).widthOfString(b.text) > bw - 12; size -= 0.5);
    w.doc.fontSize(size).fillColor(COLOURS.heading);
    w.textBox('text', b.text, x + 6, w.y + 8 + (15 - size) / 2, bw - 12, { lineBreak: false });
    w.doc.font(FONT.regular).fontSize(7.5).fillColor(COLOURS.muted);
    w.textBox('text', b.label, x + 6, w.y + 32, bw - 12, { height: 26 });
  });
  w.y += 72;
  w.subheading(w.t('summary.roadmapAtGlance'));
  const r = view.roadmap;
  if (r && r.gantt.phases.length) {
    w.chartRow(ganttChart(r.gantt, chartOptions(w, CONTENT_WIDTH, 150)), 150);
    w.bullets(r.phaseLines);
  } else w.paragraph(w.t('summary.noRoadmap'));
  w.subheading(w.t('summary.measureFirst'));
  w.paragraph(view.measureFirst);
}

function ranking(w: Writer): void {
  const { view } = w;
  w.newPage();
  w.heading(w.t('section.ranking'));
  w.table(pick(view.ranking, SUMMARY_RANKING_COLUMNS), 7.5);
  if (view.notes.basis) w.paragraph(view.notes.basis, 8, COLOURS.muted);
  w.table(view.fit, 7.5);
  rankingNotes(w);
  if (view.caveats.length) {
    w.subheading(w.t('scenario.caveats'));
    w.bullets(view.caveats, 8);
  }
  if (view.advice.length) {
    w.subheading(w.t('col.advice'));
    w.bullets(view.advice, 8.5);
  }
  if (view.confidence.length) {
    w.subheading(w.t('section.confidence'));
    w.bullets(view.confidence, 8.5);
  }
  for (const note of view.appendix.notes) w.paragraph(note, 8, COLOURS.muted);
}

/** Beside the ranking: the groups of alternatives, the enablers and the proposal's warnings, each under its heading when there are any. */
function rankingNotes(w: Writer): void {
  const { notes } = w.view;
  const blocks: [string, string[]][] = [
    [w.t('view.alternatives'), notes.alternatives],
    [w.t('view.enablers'), notes.enablers],
    [w.t('view.warnings'), notes.warnings],
  ];
  for (const [heading, lines] of blocks) {
    if (!lines.length) continue;
    w.subheading(heading);
    w.bullets(lines, 8.5);
  }
}

function scenarioPage(w: Writer, s: ScenarioView): void {
  const report = w.view.report;
  const data = report.scenarios.find((x) => x.id === s.id)!;
  w.newPage();
  w.heading(s.title, 14);
  w.block(14);
  w.doc.font(FONT.bold).fontSize(9).fillColor(COLOURS.verdict[s.verdict]);
  w.y += w.textBox('text', s.status, PAGE.margin, w.y, CONTENT_WIDTH) + 2;
  w.paragraph(s.keyFigures, 8.5);
  w.chartRow(cumulativeFanChart({ months: data.cashflow.months, ...data.cashflow.cumulative }, chartOptions(w, CONTENT_WIDTH, 150)), 150);
  w.block(131);
  const half = (CONTENT_WIDTH - 10) / 2;
  w.chart(paybackCurveChart(data.paybackMonths, report.proposal.horizonMonths, chartOptions(w, half, 125)), PAGE.margin, w.y, half, 125);
  w.chart(benefitsChart(s.benefits, chartOptions(w, half, 125)), PAGE.margin + half + 10, w.y, half, 125);
  w.y += 131;
  w.chartRow(tornadoChart(s.tornado, data.tornadoBase, chartOptions(w, CONTENT_WIDTH, 140)), 140);
  w.subheading(w.t('scenario.gates'));
  w.bullets(
    s.gates.map((g) => g.text),
    8.5,
  );
  if (s.caveats.length) {
    w.subheading(w.t('scenario.caveats'));
    w.bullets(s.caveats, 8.5);
  }
  w.subheading(w.t('scenario.advice'));
  w.bullets(s.advice, 8.5);
  if (s.measure.length) {
    w.subheading(w.t('scenario.measure'));
    w.bullets(s.measure, 8.5);
  }
}

/**
 * The pilot review, when the Report has `tracking`: per tracked scenario its
 * status and the go / adjust / stop recommendation with its reasons, the prior
 * fan with the actual line and the re-forecast's P50, forecast versus actual,
 * prior → posterior of the inputs the actuals moved (table and chart), and the
 * re-forecast beside the prior forecast. A scenario with readings of its own
 * starts a page; one moved only through a shared assumption follows on.
 */
function pilotReview(w: Writer): void {
  const tracking = w.view.tracking;
  if (!tracking) return;
  w.newPage();
  w.heading(w.t('tracking.section.pilotReview'));
  w.paragraph(tracking.title, 10);
  tracking.scenarios.forEach((s, k) => {
    if (k > 0 && s.rows.rows.length) w.newPage();
    trackedScenario(w, s);
  });
  if (tracking.replan) w.paragraph(tracking.replan, 8, COLOURS.muted);
}

function trackedScenario(w: Writer, s: ScenarioTrackingView): void {
  w.heading(s.statusLine, 13);
  w.paragraph(s.statusText, 9, COLOURS.status[s.status] ?? COLOURS.text);
  const rec = s.recommendation;
  w.subheading(w.t('tracking.section.recommendation'));
  w.doc.font(FONT.bold).fontSize(10);
  const headlineHeight = w.doc.heightOfString(rec.headline, { width: CONTENT_WIDTH });
  w.block(headlineHeight + 4);
  w.doc.font(FONT.bold).fontSize(10).fillColor(COLOURS.decision[rec.decision] ?? COLOURS.text);
  w.y += w.textBox('text', rec.headline, PAGE.margin, w.y, CONTENT_WIDTH) + 4;
  w.bullets(rec.reasons, 8.5);
  if (s.actualLine.length) {
    w.subheading(w.t('tracking.section.fan'));
    w.chartRow(trackingFanChart(s.fan, chartOptions(w, CONTENT_WIDTH, 165)), 165);
  }
  if (s.rows.rows.length) {
    w.subheading(s.rows.title);
    w.table(pick(s.rows, PILOT_ROW_COLUMNS), 7, { whole: ['status'] });
  }
  if (s.inputs.rows.length) {
    w.subheading(s.inputs.title);
    w.table(pick(s.inputs, PILOT_INPUT_COLUMNS), 7, { whole: ['moved', 'method'] });
    const height = Math.min(BOTTOM - PAGE.margin - 20, priorPosteriorHeight(s.posteriorChart.length) / 1.4);
    w.chartRow(priorPosteriorChart(s.posteriorChart, { ...chartOptions(w, CONTENT_WIDTH, height) }), height);
  }
  if (s.caveats.length) {
    w.subheading(w.t('scenario.caveats'));
    w.bullets(s.caveats, 8);
  }
  w.subheading(s.reforecast.title);
  w.table(s.reforecast, 7.5);
  w.paragraph(s.varianceResolved, 8.5, COLOURS.muted);
}

function roadmap(w: Writer): void {
  const { view } = w;
  const r = view.roadmap;
  if (!r) return;
  w.newPage();
  w.heading(w.t('section.roadmap'));
  if (r.gantt.phases.length) w.chartRow(ganttChart(r.gantt, chartOptions(w, CONTENT_WIDTH, 150)), 150);
  const phases = pick(r.phases, PHASE_COLUMNS);
  w.table(phases, 7.5, { total: phases.columns.map((c) => (c.id === 'phase' ? r.totals.label : c.id === 'spendMean' ? r.totals.spendMeanText : '')) });
  w.table(r.items, 7.5);
  for (const line of r.programme) w.paragraph(line);
  w.chartRow(portfolioFanChart(w.view.report.roadmap!.portfolio.cashflow, chartOptions(w, CONTENT_WIDTH, 140)), 140);
  w.bullets(r.rationale, 8);
  for (const u of r.unscheduled) w.paragraph(u, 8.5, COLOURS.muted);
  w.paragraph(view.f.paragraph([r.search, r.rules]), 8, COLOURS.muted);
}

function appendix(w: Writer): void {
  const { view } = w;
  w.newPage();
  w.heading(w.t('section.appendix'));
  w.paragraph(view.appendix.method, 9);
  w.paragraph(view.appendix.valueOfInformation, 8.5, COLOURS.muted);
  w.subheading(w.t('section.policy'));
  w.bullets(view.appendix.policy, 8.5);
  w.heading(w.t('section.inputs'), 14);
  w.paragraph(w.t('inputs.columns'), 7.5, COLOURS.muted);
  for (const group of view.inputGroups) {
    w.subheading(group.heading);
    w.table(
      {
        id: group.id,
        title: group.heading,
        columns: [
          { id: 'input', header: w.t('col.input'), kind: 'text' },
          { id: 'estimate', header: w.t('col.distribution'), kind: 'text' },
        ],
        rows: group.rows.map((r) => ({ id: r.path, cells: [{ value: r.label, text: r.label }, { value: r.estimate, text: r.estimate }] })),
      },
      6.5,
      { header: false, padding: 2.5 },
    );
  }
  sweepAppendix(w);
  w.subheading(w.t('section.reproduce'));
  w.paragraph(view.appendix.reproduce, 8, COLOURS.muted);
}

/** The policy sweep: verdict and score of each scenario as each rule varies, one table per rule. */
function sweepAppendix(w: Writer): void {
  const sweep = w.view.sweep;
  if (!sweep) return;
  w.heading(w.t('sweep.title'), 14);
  for (const table of sweep.tables) w.table(table, 6.5);
  w.paragraph(sweep.note, 7.5, COLOURS.muted);
}

/** Page numbers and the customer in every page's footer. */
function footers(w: Writer): void {
  const range = w.doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    w.doc.switchToPage(i);
    w.page = i;
    // The footer sits inside the bottom margin: lift the margin so pdfkit does not start a new page for it.
    w.doc.page.margins.bottom = 0;
    w.doc.font(FONT.regular).fontSize(7.5).fillColor(COLOURS.muted);
    const y = PAGE.height - PAGE.margin + 10;
    w.textBox('footer', w.fit(w.view.customer, CONTENT_WIDTH / 2 - 4), PAGE.margin, y, CONTENT_WIDTH / 2, { lineBreak: false });
    w.textBox('footer', w.t('doc.page', { page: i + 1, pages: range.count }), PAGE.margin + CONTENT_WIDTH / 2, y, CONTENT_WIDTH / 2, { align: 'right', lineBreak: false });
  }
}

/**
 * The proposal document and where each piece of its text was drawn (for the
 * layout tests): cover with the recommendation, executive summary, ranking
 * with fit, caveats, advice and confidence, a page per scenario (cash-flow fan,
 * payback curve, benefit lines, tornado, gates, advice, what to measure), the
 * roadmap (phases apart from items, programme totals), the pilot review after
 * the summary when the Report has `tracking`, and an appendix with the
 * method, the rules, the inputs as written under their headings and the figures
 * that reproduce the run. Lays out the view (reports/view/); no sentence or row
 * is built here and no statistic is recomputed.
 * @example (await renderPdfWithLayout(report, { lang: 'en' })).layout.pages // 17
 */
export async function renderPdfWithLayout(report: Report, options: PdfOptions): Promise<{ pdf: Buffer; layout: PdfLayout }> {
  const view = buildView(report, options.lang);
  const created = report.run.createdAt ? new Date(report.run.createdAt) : new Date(0);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: `${view.f.t('doc.title')} — ${view.customer}`, Author: 'closedloop', Producer: 'closedloop', Creator: 'closedloop', CreationDate: created, ModDate: created },
  });
  useReportFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc, view);
  cover(w);
  summary(w);
  pilotReview(w);
  ranking(w);
  for (const s of view.scenarios) scenarioPage(w, s);
  roadmap(w);
  appendix(w);
  footers(w);
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await done, layout: { pages, boxes: w.boxes } };
}

/**
 * The proposal document (DESIGN §2 reports/) in a language.
 * @example await renderPdf(report, { lang: 'zh-CN' }) // a Buffer starting with %PDF
 */
export async function renderPdf(report: Report, options: PdfOptions): Promise<Buffer> {
  return (await renderPdfWithLayout(report, options)).pdf;
}
