/** Checks every chart's SVG must pass, over a parsed copy of its markup (the chart tests share them). */
import { DOMParser } from 'linkedom';
import { expect } from 'vitest';

/** The slice of a parsed SVG node the checks use. */
export interface Node {
  tagName: string;
  parentNode: Node | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selectors: string): ArrayLike<Node>;
  textContent: string | null;
}

export function parse(svg: string): Node {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml') as unknown as { documentElement: Node };
  return doc.documentElement;
}

export const all = (root: Node, selectors: string): Node[] => Array.from(root.querySelectorAll(selectors));
export const tag = (n: Node) => n.tagName.toLowerCase();
const painted = (n: Node) => n.hasAttribute('fill') || n.hasAttribute('stroke');

/** The nearest <g> above a node, if any. */
function nearestGroup(n: Node): Node | null {
  for (let p = n.parentNode; p && typeof p.tagName === 'string'; p = p.parentNode) if (tag(p) === 'g') return p;
  return null;
}

/** What every chart must satisfy, whatever it draws; returns the parsed root. */
export function expectSelfContainedSvg(svg: string, width: number, height: number, texts: readonly string[]): Node {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toContain('currentColor');
  expect(svg).not.toContain('<style');
  expect(svg).not.toMatch(/\sclass=/);
  const root = parse(svg);
  expect(tag(root)).toBe('svg');
  expect(root.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
  expect(root.getAttribute('width')).toBe(String(width));
  expect(root.getAttribute('height')).toBe(String(height));
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  const textContent = all(root, 'text').map((n) => n.textContent ?? '');
  for (const text of texts) expect(textContent.some((c) => c.includes(text))).toBe(true);
  // Every shape has its own fill or stroke, or the nearest <g> above it has one.
  for (const shape of all(root, 'path, rect, line, circle')) {
    const group = nearestGroup(shape);
    expect(painted(shape) || (group !== null && painted(group))).toBe(true);
  }
  // Colours are explicit hex values (or none), never inherited from a stylesheet.
  for (const n of all(root, '[fill], [stroke]')) {
    for (const attr of ['fill', 'stroke']) {
      const v = n.getAttribute(attr);
      if (v !== null) expect(v).toMatch(/^(#[0-9a-f]{6}|none)$/i);
    }
  }
  return root;
}
