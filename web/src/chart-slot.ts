import type { Lang } from '../../reports/i18n.js';
import { t } from '../../reports/i18n.js';
import { h } from './dom.js';

/** The page's font stack, also written into every chart's SVG. */
export const FONT_STACK = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";

/**
 * The options a chart is drawn with: the browser's document, the language and
 * currency, and the width in chart units (the SVG is then scaled to its box).
 */
export interface DrawOptions {
  document: Document;
  lang: Lang;
  currency: string;
  width: number;
  fontFamily: string;
}

export type Draw = (options: DrawOptions) => string;

/**
 * How much a chart is magnified on screen. The shared charts are laid out in
 * 9-px type for the PDF; drawing them narrower than their box and scaling up
 * gives about 12 px text on a laptop and 10–11 px on a phone.
 */
export function chartScale(boxWidth: number): number {
  return boxWidth >= 640 ? 1.35 : boxWidth >= 440 ? 1.25 : 1.15;
}

/**
 * SVG markup made safe for the page's CSP and returned as an element: any
 * `<style>`, `<script>` and `<foreignObject>` dropped, event handlers removed,
 * and `style` attributes (Plot writes some when it runs in a browser) moved to
 * CSSOM. The markup is rewritten before parsing so that no inline style ever
 * reaches a parser.
 */
export function svgFromMarkup(markup: string): SVGSVGElement {
  const declarations: string[] = [];
  const safe = markup
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<style[^>]*\/>/gi, '')
    .replace(/\sstyle="([^"]*)"/g, (_, css: string) => ` data-css="${declarations.push(css) - 1}"`)
    .replace(/\sstyle='([^']*)'/g, (_, css: string) => ` data-css="${declarations.push(css) - 1}"`);
  const parsed = new DOMParser().parseFromString(safe, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) throw new Error('chart markup is not SVG');
  for (const el of Array.from(root.querySelectorAll('style, script, foreignObject'))) el.remove();
  const svg = document.importNode(root, true) as unknown as SVGSVGElement;
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))] as SVGElement[]) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
    const index = el.getAttribute('data-css');
    if (index === null) continue;
    el.removeAttribute('data-css');
    for (const rule of (declarations[Number(index)] ?? '').split(';')) {
      const colon = rule.indexOf(':');
      if (colon > 0) el.style.setProperty(rule.slice(0, colon).trim(), rule.slice(colon + 1).trim());
    }
  }
  return svg;
}

interface Slot {
  draw: Draw;
  label: string;
  lang: Lang;
  currency: string;
  width: number;
  frame: number;
}

const slots = new WeakMap<HTMLElement, Slot>();
/** Last width of each chart by test id, so a re-render (language switch) draws at once without the page jumping. */
const knownWidths = new Map<string, number>();

function paint(el: HTMLElement, slot: Slot, boxWidth: number): void {
  slot.width = boxWidth;
  const width = Math.round(boxWidth / chartScale(boxWidth));
  try {
    const svg = svgFromMarkup(slot.draw({ document, lang: slot.lang, currency: slot.currency, width, fontFamily: FONT_STACK }));
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', slot.label);
    svg.setAttribute('focusable', 'false');
    el.replaceChildren(svg);
    el.classList.remove('chart--error');
  } catch (error) {
    el.replaceChildren(h('p', { class: 'chart__error' }, t(slot.lang, 'web.chart.error')));
    el.classList.add('chart--error');
    console.warn('chart failed', el.dataset.testid, error);
  }
  if (el.dataset.testid) knownWidths.set(el.dataset.testid, boxWidth);
}

const observer =
  typeof ResizeObserver === 'undefined'
    ? null
    : new ResizeObserver((entries) => {
        for (const entry of entries) {
          const el = entry.target as HTMLElement;
          const slot = slots.get(el);
          const width = Math.floor(entry.contentRect.width);
          if (!slot || width <= 0 || Math.abs(width - slot.width) < 4) continue;
          // Draw in the next frame: never change sizes inside the observer's own callback.
          cancelAnimationFrame(slot.frame);
          slot.frame = requestAnimationFrame(() => paint(el, slot, width));
        }
      });

/**
 * A box for one chart. It draws when it gets a width (and again when its
 * width changes), or at once at the width the same chart had before.
 */
export function chartSlot(testid: string, label: string, lang: Lang, currency: string, draw: Draw, extraClass = ''): HTMLElement {
  const el = h('figure', { class: `chart ${extraClass}`.trim(), testid });
  const slot: Slot = { draw, label, lang, currency, width: 0, frame: 0 };
  slots.set(el, slot);
  const known = knownWidths.get(testid);
  if (known) paint(el, slot, known);
  observer?.observe(el);
  if (!observer) requestAnimationFrame(() => paint(el, slot, el.clientWidth || 480));
  return el;
}

/** Stops watching the charts under `root` (it is being replaced). */
export function releaseCharts(root: Element): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('.chart'))) {
    const slot = slots.get(el);
    if (slot) cancelAnimationFrame(slot.frame);
    observer?.unobserve(el);
  }
}
