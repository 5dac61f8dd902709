/**
 * A tiny element builder. The page runs under a strict CSP (style-src 'self'):
 * nothing here ever writes a `style` attribute — layout is classes from
 * app.css, and the few computed colours go through CSSOM (`el.style.x = …`).
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Stable hook for browser tests: becomes `data-testid`. */
  testid?: string;
  /** Other attributes (never `style`). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

function append(parent: Node, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child === null || child === undefined || child === false) continue;
    else parent.appendChild(typeof child === 'object' ? (child as Node) : document.createTextNode(String(child)));
  }
}

/** An HTML element with its classes, test id, attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Child | readonly Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (name === 'style') throw new Error('inline styles are blocked by the CSP: use a class');
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) if (listener) el.addEventListener(type, listener);
  append(el, children);
  return el;
}

/** Amounts, percentages and month counts: "¥1042万", "86%", "12 个月", "−$2,500". */
const FIGURE = /[−-]?(?:[¥$€£]|[A-Z]{3} )?\d[\d,.]*(?: ?(?:万|亿|%|个月|mo\b))?/g;

/**
 * A sentence with every figure in it kept on one line: CJK text may break
 * between any two characters, which would split "¥1042万" after the digits.
 */
export function phrase(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(FIGURE)) {
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(h('span', { class: 'nowrap' }, match[0]));
    last = at + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A colour swatch (its colour set through CSSOM, which the CSP allows). */
export function swatch(colour: string): HTMLElement {
  const el = h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true' } });
  el.style.backgroundColor = colour;
  return el;
}
