import { parseHTML } from 'linkedom';

/**
 * The DOM a chart is built with: a browser's `document`, or the linkedom one
 * from `serverDocument()`. Only what the charts call is required, so this
 * project needs no DOM type library and a browser `Document` fits as is.
 */
export interface Document {
  createElementNS(namespace: string, qualifiedName: string): unknown;
}

/** An element as the charts use it (satisfied by browser and linkedom elements). */
export interface ChartElement {
  readonly outerHTML: string;
  readonly tagName: string;
  textContent: string | null;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  appendChild(child: ChartElement): unknown;
  insertBefore(child: ChartElement, reference: ChartElement | null): unknown;
  readonly firstChild: ChartElement | null;
  remove(): void;
  querySelectorAll(selectors: string): ArrayLike<ChartElement>;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

let cached: Document | null = null;

/**
 * A linkedom document for rendering charts on the server, created on first use
 * and reused (charts only create detached elements in it).
 * @example cumulativeFanChart(fan, { document: serverDocument(), lang: 'en', currency: 'CNY' })
 */
export function serverDocument(): Document {
  if (!cached) cached = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
  return cached;
}

/** A new SVG element in `document`. */
export function svgElement(document: Document, name: string): ChartElement {
  return document.createElementNS(SVG_NS, name) as ChartElement;
}
