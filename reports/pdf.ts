import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Report, ScenarioReport } from '../engine/report.js';
import {
  benefitsChart,
  cumulativeFanChart,
  ganttChart,
  paybackCurveChart,
  portfolioFanChart,
  serverDocument,
  tornadoChart,
} from './charts/index.js';
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { type Lang, type MessageKey, t } from './i18n.js';
import { adviceText, rationaleText } from './phrases.js';
import { formatMoneyFor, formatPercent } from './money.js';

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
};
const FONT = { regular: 'Noto', bold: 'NotoBold' };

export interface PdfOptions {
  lang: Lang;
}

type Align = 'left' | 'right' | 'center';
interface Column {
  header: string;
  width: number;
  align?: Align;
}

/** Writes the document top to bottom, starting a new page when the next block would not fit. */
class Writer {
  y = PAGE.margin;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly lang: Lang,
    readonly report: Report,
  ) {}

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return t(this.lang, key, params);
  }

  money(x: number | null): string {
    return formatMoneyFor(x, this.report.proposal.currency, this.lang);
  }

  months(x: number | null): string {
    return x === null ? this.t('unit.never') : this.t('unit.months', { value: x.toFixed(1) });
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  heading(text: string, size = 16): void {
    this.ensure(size + 30);
    this.doc.font(FONT.bold).fontSize(size).fillColor(COLOURS.heading);
    this.doc.text(text, PAGE.margin, this.y, { width: CONTENT_WIDTH });
    this.y = this.doc.y + 4;
    this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + CONTENT_WIDTH, this.y).lineWidth(0.6).strokeColor(COLOURS.rule).stroke();
    this.y += 8;
  }

  subheading(text: string): void {
    this.ensure(30);
    this.doc.font(FONT.bold).fontSize(11).fillColor(COLOURS.heading).text(text, PAGE.margin, this.y, { width: CONTENT_WIDTH });
    this.y = this.doc.y + 4;
  }

  paragraph(text: string, size = 9.5, colour = COLOURS.text, indent = 0): void {
    this.doc.font(FONT.regular).fontSize(size);
    const height = this.doc.heightOfString(text, { width: CONTENT_WIDTH - indent });
    this.ensure(height + 4);
    this.doc.fillColor(colour).text(text, PAGE.margin + indent, this.y, { width: CONTENT_WIDTH - indent });
    this.y = this.doc.y + 4;
  }

  bullets(items: string[], size = 9): void {
    for (const item of items) this.paragraph(`• ${item}`, size, COLOURS.text, 8);
  }

  /** Text cut to fit `width` on one line, ending in "…" when cut. */
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

  /** A table with a shaded header, one line per row (cells cut to fit), repeated header after page breaks. */
  table(columns: Column[], rows: string[][], size = 8, rowColour?: (row: number, col: number) => string | undefined): void {
    const rowHeight = size + 6;
    const header = () => {
      this.doc.rect(PAGE.margin, this.y, CONTENT_WIDTH, rowHeight + 2).fill(COLOURS.band);
      this.doc.font(FONT.bold).fontSize(size).fillColor(COLOURS.heading);
      let x = PAGE.margin;
      for (const c of columns) {
        this.doc.text(this.fit(c.header, c.width - 4), x + 2, this.y + 3, { width: c.width - 4, align: c.align ?? 'left', lineBreak: false });
        x += c.width;
      }
      this.y += rowHeight + 2;
    };
    this.ensure(rowHeight * 3);
    header();
    rows.forEach((row, r) => {
      if (this.y + rowHeight > BOTTOM) {
        this.newPage();
        header();
      }
      this.doc.font(FONT.regular).fontSize(size);
      let x = PAGE.margin;
      row.forEach((cell, k) => {
        const c = columns[k];
        this.doc.fillColor(rowColour?.(r, k) ?? COLOURS.text);
        this.doc.text(this.fit(cell, c.width - 4), x + 2, this.y + 2, { width: c.width - 4, align: c.align ?? 'left', lineBreak: false });
        x += c.width;
      });
      this.y += rowHeight;
      this.doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + CONTENT_WIDTH, this.y).lineWidth(0.3).strokeColor(COLOURS.rule).stroke();
    });
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
  }

  /** A chart on its own row, full width. */
  chartRow(svg: string, height: number): void {
    this.ensure(height + 6);
    this.chart(svg, PAGE.margin, this.y, CONTENT_WIDTH, height);
    this.y += height + 6;
  }
}

/** The chart options for a width × height box (charts render at twice the point size for crisp text). */
function chartOptions(w: Writer, width: number, height: number) {
  return { document: serverDocument(), lang: w.lang, currency: w.report.proposal.currency, width: width * 1.4, height: height * 1.4, fontFamily: FONT_FAMILY };
}

function verdictText(w: Writer, v: string): string {
  return w.t(`verdict.${v}` as MessageKey);
}

function cover(w: Writer): void {
  const { doc, report } = w;
  const accepted = report.scenarios.find((s) => s.verdict === 'accept');
  doc.rect(0, 0, PAGE.width, 300).fill(COLOURS.heading);
  doc.font(FONT.bold).fontSize(26).fillColor('#ffffff').text(w.t('doc.title'), PAGE.margin, 110, { width: CONTENT_WIDTH });
  doc.font(FONT.regular).fontSize(13).fillColor('#dbe4ef').text(w.t('doc.subtitle'), PAGE.margin, doc.y + 8, { width: CONTENT_WIDTH });
  doc.font(FONT.bold).fontSize(15).fillColor(COLOURS.text).text(w.t('doc.preparedFor', { customer: report.proposal.customer.name }), PAGE.margin, 340, { width: CONTENT_WIDTH });
  const date = (report.run.createdAt ?? '').slice(0, 10) || '—';
  doc.font(FONT.regular).fontSize(10.5).fillColor(COLOURS.muted);
  doc.text(w.t('doc.date', { date }), PAGE.margin, doc.y + 10, { width: CONTENT_WIDTH });
  doc.text(w.t('doc.currency', { currency: report.proposal.currency }), PAGE.margin, doc.y + 2, { width: CONTENT_WIDTH });
  const boxY = doc.y + 40;
  const headline = accepted
    ? w.t('doc.headline.start', {
        scenario: accepted.name,
        months: accepted.gates.payback.thresholdMonths,
        probability: formatPercent(accepted.gates.payback.probability),
      })
    : w.t('doc.headline.none');
  doc.font(FONT.regular).fontSize(12);
  const height = doc.heightOfString(headline, { width: CONTENT_WIDTH - 30 }) + 40;
  doc.rect(PAGE.margin, boxY, CONTENT_WIDTH, height).fill(COLOURS.band);
  doc.font(FONT.bold).fontSize(10).fillColor(COLOURS.heading).text(w.t('doc.headline'), PAGE.margin + 15, boxY + 10, { width: CONTENT_WIDTH - 30 });
  doc.font(FONT.regular).fontSize(12).fillColor(COLOURS.text).text(headline, PAGE.margin + 15, doc.y + 4, { width: CONTENT_WIDTH - 30 });
}

function summary(w: Writer): void {
  const { report } = w;
  w.newPage();
  w.heading(w.t('section.summary'));
  const accepted = report.scenarios.find((s) => s.verdict === 'accept') ?? report.scenarios[0];
  w.subheading(w.t('summary.recommendedPilot'));
  w.paragraph(
    `${accepted.name} — ${verdictText(w, accepted.verdict)} · ${w.t('scenario.keyFigures', {
      p10: w.money(accepted.npv.p10),
      p50: w.money(accepted.npv.p50),
      p90: w.money(accepted.npv.p90),
      payback: w.months(accepted.paybackMonths.p50),
      within12: formatPercent(accepted.paybackMonths.probWithin['12'] ?? null),
    })}`,
  );
  // Key numbers in boxes.
  const boxes: [string, string][] = [
    [w.t('summary.bestNpv'), w.money(Math.max(...report.scenarios.map((s) => s.npv.p50 ?? -Infinity)))],
    [w.t('summary.acceptCount'), `${report.scenarios.filter((s) => s.verdict === 'accept').length} / ${report.scenarios.length}`],
  ];
  if (report.roadmap) {
    boxes.unshift([w.t('summary.programmeNpv'), w.money(report.roadmap.portfolio.npv.p50)]);
    boxes.push([w.t('summary.programmePayback'), formatPercent(report.roadmap.portfolio.paybackMonths.probWithin['24'] ?? null)]);
  }
  w.subheading(w.t('summary.keyNumbers'));
  w.ensure(64);
  const bw = (CONTENT_WIDTH - (boxes.length - 1) * 8) / boxes.length;
  boxes.forEach(([label, value], k) => {
    const x = PAGE.margin + k * (bw + 8);
    w.doc.rect(x, w.y, bw, 62).fill(COLOURS.band);
    w.doc.font(FONT.bold).fontSize(15).fillColor(COLOURS.heading).text(w.fit(value, bw - 12), x + 6, w.y + 8, { width: bw - 12, lineBreak: false });
    w.doc.font(FONT.regular).fontSize(7.5).fillColor(COLOURS.muted).text(label, x + 6, w.y + 32, { width: bw - 12, height: 26 });
  });
  w.y += 72;
  w.subheading(w.t('summary.roadmapAtGlance'));
  if (report.roadmap && report.roadmap.phases.length) {
    w.chartRow(ganttChart(report.roadmap, chartOptions(w, CONTENT_WIDTH, 150)), 150);
    w.bullets(
      report.roadmap.phases.map((ph) =>
        w.t('summary.phaseLine', { index: ph.index, start: ph.startMonth + 1, end: ph.endMonth, items: ph.items.map((i) => i.name).join(', ') }),
      ),
    );
  } else w.paragraph(w.t('summary.noRoadmap'));
  w.subheading(w.t('summary.measureFirst'));
  const voi = report.valueOfInformation;
  const first = voi.measureFirst;
  const scenarioName = (id: string | null) => report.scenarios.find((s) => s.id === id)?.name ?? '—';
  w.paragraph(
    first
      ? w.t('summary.measureFirstItem', { input: first.label, scenario: scenarioName(first.scenario), worth: w.money(first.worth), evpi: w.money(voi.chooseBest.evpi) })
      : w.t('summary.measureNone', { evpi: w.money(voi.chooseBest.evpi) }),
  );
}

function ranking(w: Writer): void {
  const { report } = w;
  w.newPage();
  w.heading(w.t('section.ranking'));
  const widths = [24, 112, 46, 30, 50, 50, 50, 55, 78];
  const columns: Column[] = [
    { header: w.t('col.rank'), width: widths[0], align: 'right' },
    { header: w.t('col.scenario'), width: widths[1] },
    { header: w.t('col.verdict'), width: widths[2] },
    { header: w.t('col.score'), width: widths[3], align: 'right' },
    { header: w.t('col.npvP10'), width: widths[4], align: 'right' },
    { header: w.t('col.npvP50'), width: widths[5], align: 'right' },
    { header: w.t('col.npvP90'), width: widths[6], align: 'right' },
    { header: w.t('col.paybackP50'), width: widths[7], align: 'right' },
    { header: w.t('col.paybackWithin12'), width: widths[8], align: 'right' },
  ];
  const rows = report.scenarios.map((s) => [
    String(s.rank),
    s.name,
    verdictText(w, s.verdict),
    String(s.score),
    w.money(s.npv.p10),
    w.money(s.npv.p50),
    w.money(s.npv.p90),
    w.months(s.paybackMonths.p50),
    formatPercent(s.paybackMonths.probWithin['12'] ?? null),
  ]);
  w.table(columns, rows, 7.5, (r, c) => (c === 2 ? COLOURS.verdict[report.scenarios[r].verdict] : undefined));
  const fitColumns: Column[] = [
    { header: w.t('col.scenario'), width: 150 },
    { header: w.t('col.budgetFit'), width: 70, align: 'right' },
    { header: w.t('col.phaseFit'), width: 70, align: 'right' },
    { header: w.t('col.investmentP50'), width: 85, align: 'right' },
    { header: w.t('col.irrP50'), width: 60, align: 'right' },
    { header: w.t('col.roiP50'), width: 60, align: 'right' },
  ];
  w.table(
    fitColumns,
    report.scenarios.map((s) => [
      s.name,
      formatPercent(s.gates.budget.probability),
      formatPercent(s.gates.phase.probability),
      w.money(s.investment.p50),
      formatPercent(s.irr.p50),
      formatPercent(s.roi.p50),
    ]),
    7.5,
  );
  const advised = report.scenarios.filter((s) => s.advice.some((a) => a.code !== 'horizon-limited'));
  if (advised.length) {
    w.subheading(w.t('col.advice'));
    for (const s of advised) w.bullets(s.advice.filter((a) => a.code !== 'horizon-limited').map((a) => `${s.name}: ${adviceText(a, w.report.proposal.currency, w.lang)}`), 8.5);
  }
  if (report.scenarios.length > 1) {
    w.subheading(w.t('section.confidence'));
    const { order, pairwise, probBest } = report.ranking;
    const name = (id: string) => report.scenarios.find((s) => s.id === id)!.name;
    const lines: string[] = [];
    for (let k = 0; k + 1 < order.length && k < 3; k++) {
      lines.push(w.t('confidence.beats', { a: name(order[k]), b: name(order[k + 1]), probability: formatPercent(pairwise[order[k]][order[k + 1]]) }));
    }
    const best = [...order].sort((a, b) => probBest[b] - probBest[a])[0];
    lines.push(w.t('confidence.best', { name: name(best), probability: formatPercent(probBest[best]) }));
    w.bullets(lines, 8.5);
  }
}

function scenarioPage(w: Writer, s: ScenarioReport): void {
  const { report } = w;
  w.newPage();
  w.heading(w.t('section.scenario', { rank: s.rank, name: s.name }), 14);
  w.doc.font(FONT.bold).fontSize(9).fillColor(COLOURS.verdict[s.verdict]);
  w.doc.text(`${verdictText(w, s.verdict)} · ${w.t('col.score')} ${s.score}`, PAGE.margin, w.y, { width: CONTENT_WIDTH });
  w.y = w.doc.y + 2;
  w.paragraph(
    w.t('scenario.keyFigures', {
      p10: w.money(s.npv.p10),
      p50: w.money(s.npv.p50),
      p90: w.money(s.npv.p90),
      payback: w.months(s.paybackMonths.p50),
      within12: formatPercent(s.paybackMonths.probWithin['12'] ?? null),
    }),
    8.5,
  );
  w.chartRow(cumulativeFanChart(s.cashflow.cumulative && { months: s.cashflow.months, ...s.cashflow.cumulative }, chartOptions(w, CONTENT_WIDTH, 150)), 150);
  w.ensure(130);
  const half = (CONTENT_WIDTH - 10) / 2;
  w.chart(paybackCurveChart(s.paybackMonths, report.proposal.horizonMonths, chartOptions(w, half, 125)), PAGE.margin, w.y, half, 125);
  w.chart(benefitsChart(s.benefits, chartOptions(w, half, 125)), PAGE.margin + half + 10, w.y, half, 125);
  w.y += 131;
  w.chartRow(tornadoChart(s.sensitivity, s.tornadoBase, chartOptions(w, CONTENT_WIDTH, 140)), 140);
  w.subheading(w.t('scenario.gates'));
  const gate = (label: string, g: { probability: number; pass: boolean }) => `${label}: ${w.t('gate.probability', { probability: formatPercent(g.probability) })} — ${w.t(g.pass ? 'gate.pass' : 'gate.fail')}`;
  w.bullets(
    [
      gate(w.t('gate.payback', { months: s.gates.payback.thresholdMonths }), s.gates.payback),
      gate(w.t('gate.budget', { min: w.money(s.gates.budget.min), max: w.money(s.gates.budget.max) }), s.gates.budget),
      gate(w.t('gate.phase', { min: s.gates.phase.minMonths, max: s.gates.phase.maxMonths }), s.gates.phase),
      gate(w.t('gate.joint'), s.gates.joint),
    ],
    8.5,
  );
  const advice = s.advice.filter((a) => a.code !== 'horizon-limited');
  w.subheading(w.t('scenario.advice'));
  w.bullets(advice.length ? advice.map((a) => adviceText(a, w.report.proposal.currency, w.lang)) : [w.t('scenario.noAdvice')], 8.5);
  const voi = report.valueOfInformation.goNoGo[s.id];
  if (voi) {
    const top = Object.entries(voi.evppi)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    const label = (name: string) => s.sensitivity.find((e) => e.input === name)?.label ?? name;
    w.subheading(w.t('scenario.measure'));
    w.bullets(top.length ? top.map(([name, v]) => w.t('scenario.measureItem', { input: label(name), worth: w.money(v) })) : [w.t('scenario.noMeasure')], 8.5);
  }
}

function roadmap(w: Writer): void {
  const r = w.report.roadmap;
  if (!r) return;
  w.newPage();
  w.heading(w.t('section.roadmap'));
  if (r.phases.length) w.chartRow(ganttChart(r, chartOptions(w, CONTENT_WIDTH, 150)), 150);
  const columns: Column[] = [
    { header: w.t('col.phase'), width: 34, align: 'right' },
    { header: w.t('col.start'), width: 44, align: 'right' },
    { header: w.t('col.end'), width: 44, align: 'right' },
    { header: w.t('col.items'), width: 233 },
    { header: w.t('col.spendP50'), width: 70, align: 'right' },
    { header: w.t('col.budgetProbability'), width: 70, align: 'right' },
  ];
  const rows = r.phases.flatMap((ph) =>
    ph.items.map((it, k) => [
      k === 0 ? String(ph.index) : '',
      k === 0 ? String(ph.startMonth + 1) : '',
      k === 0 ? String(ph.endMonth) : '',
      it.name,
      k === 0 ? w.money(ph.spend.p50) : '',
      k === 0 ? formatPercent(ph.gates.budget.probability) : '',
    ]),
  );
  w.table(columns, rows, 7.5);
  const p = r.portfolio;
  w.paragraph(w.t('roadmap.programme', { p10: w.money(p.npv.p10), p50: w.money(p.npv.p50), p90: w.money(p.npv.p90), spend: w.money(p.investment.p50) }));
  const within = p.paybackMonths.probWithin;
  w.paragraph(w.t('roadmap.payback', { p12: formatPercent(within['12'] ?? null), p24: formatPercent(within['24'] ?? null), p36: formatPercent(within['36'] ?? null) }));
  w.chartRow(portfolioFanChart(p.cashflow, chartOptions(w, CONTENT_WIDTH, 140)), 140);
  w.bullets(r.phases.map((ph) => rationaleText(ph, w.report.proposal.currency, w.lang)), 8);
  for (const u of r.unscheduled) w.paragraph(w.t('roadmap.unscheduled', { name: u.name, reason: u.reason }), 8.5, COLOURS.muted);
  w.paragraph(r.search.method === 'exact' ? w.t('roadmap.search.exact', { items: r.search.items }) : w.t('roadmap.search.heuristic', { items: r.search.items, gap: formatPercent(r.search.gap) }), 8, COLOURS.muted);
}

function appendix(w: Writer): void {
  const { report } = w;
  const pol = report.policy;
  w.newPage();
  w.heading(w.t('section.appendix'));
  w.paragraph(
    w.t('appendix.method', {
      trials: report.run.trials.toLocaleString('en-US'),
      sampler: report.run.sampler === 'lhs' ? 'Latin hypercube' : 'Monte Carlo',
      rate: formatPercent(report.proposal.discountRate),
      payback: pol.paybackMonths,
      confidence: formatPercent(pol.confidence),
    }),
    9,
  );
  w.subheading(w.t('section.policy'));
  w.bullets(
    [
      w.t('appendix.policy.payback', { months: pol.paybackMonths }),
      w.t('appendix.policy.consider', { months: pol.considerMonths }),
      w.t('appendix.policy.budget', { min: w.money(pol.budget.min), max: w.money(pol.budget.max) }),
      w.t('appendix.policy.phase', { min: pol.phaseMonths.min, max: pol.phaseMonths.max }),
      w.t('appendix.policy.confidence', { confidence: formatPercent(pol.confidence) }),
    ],
    8.5,
  );
  w.subheading(w.t('section.inputs'));
  const name = (id: string | null) => (id === null ? w.t('appendix.shared') : (report.scenarios.find((s) => s.id === id)?.name ?? id));
  w.table(
    [
      { header: w.t('col.scenario'), width: 120 },
      { header: w.t('col.input'), width: 175 },
      { header: w.t('col.distribution'), width: 200 },
    ],
    report.inputs.map((i) => [name(i.scenarioId), i.label, i.description]),
    6.5,
  );
  w.subheading(w.t('section.reproduce'));
  w.paragraph(
    w.t('appendix.reproduce', {
      seed: report.run.seed,
      trials: report.run.trials,
      sampler: report.run.sampler,
      engine: report.engine.name,
      version: report.engine.version,
      hash: report.run.inputHash,
    }),
    8,
    COLOURS.muted,
  );
}

/** Page numbers and the customer in every page's footer. */
function footers(w: Writer): void {
  const range = w.doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    w.doc.switchToPage(i);
    // The footer sits inside the bottom margin: lift the margin so pdfkit does not start a new page for it.
    w.doc.page.margins.bottom = 0;
    w.doc.font(FONT.regular).fontSize(7.5).fillColor(COLOURS.muted);
    const y = PAGE.height - PAGE.margin + 10;
    w.doc.text(w.fit(w.report.proposal.customer.name, CONTENT_WIDTH / 2), PAGE.margin, y, { width: CONTENT_WIDTH / 2, lineBreak: false });
    w.doc.text(w.t('doc.page', { page: i + 1, pages: range.count }), PAGE.margin + CONTENT_WIDTH / 2, y, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false });
  }
}

/**
 * The proposal document (DESIGN §2 reports/): cover with the headline
 * recommendation, executive summary, ranking with confidence and advice, a
 * page per scenario (cash-flow fan, payback curve, benefit lines, tornado,
 * gates, advice, what to measure), the roadmap with the programme's fan, and an
 * appendix with the method, the rules, every input and the figures needed to
 * reproduce the run. Renders the Report only; no statistic is recomputed.
 * @example await renderPdf(report, { lang: 'zh-CN' }) // a Buffer starting with %PDF
 */
export async function renderPdf(report: Report, options: PdfOptions): Promise<Buffer> {
  const created = report.run.createdAt ? new Date(report.run.createdAt) : new Date(0);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    autoFirstPage: true,
    info: { Title: `${t(options.lang, 'doc.title')} — ${report.proposal.customer.name}`, Author: 'closedloop', Producer: 'closedloop', Creator: 'closedloop', CreationDate: created, ModDate: created },
  });
  const fonts = fontFiles();
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc, options.lang, report);
  cover(w);
  summary(w);
  ranking(w);
  for (const s of report.scenarios) scenarioPage(w, s);
  roadmap(w);
  appendix(w);
  footers(w);
  doc.end();
  return done;
}
