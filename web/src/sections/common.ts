import type { Verdict } from '../../../engine/index.js';
import type { Formatter } from '../../../reports/view/index.js';
import { type Child, h, phrase } from '../dom.js';

/** A page section: a landmark with its heading, test id and an id for the heading to label it. */
export function section(testid: string, title: string, ...children: (Child | readonly Child[])[]): HTMLElement {
  const headingId = `${testid}-title`;
  return h('section', { class: `section ${testid}`, testid, attrs: { 'aria-labelledby': headingId } }, h('h2', { class: 'section__title', attrs: { id: headingId } }, title), ...children);
}

/** The verdict as a coloured badge. */
export function verdictBadge(f: Formatter, verdict: Verdict): HTMLElement {
  return h('span', { class: `badge badge--${verdict}`, testid: 'verdict-badge', attrs: { 'data-verdict': verdict } }, f.t(`verdict.${verdict}`));
}

/** A key figure: a big value over its label, an optional note under it. */
export function tile(label: string, value: string, note?: string, testid?: string): HTMLElement {
  return h('div', { class: 'tile', testid }, h('div', { class: 'tile__value' }, value), h('div', { class: 'tile__label' }, label), note ? h('div', { class: 'tile__note' }, phrase(note)) : null);
}

/** A bulleted list of sentences (figures kept whole). */
export function facts(testid: string, lines: readonly string[], className = 'facts'): HTMLElement {
  return h('ul', { class: className, testid }, lines.map((line) => h('li', {}, phrase(line))));
}

/** A short explanatory paragraph in the muted colour. */
export function hint(text: string): HTMLElement {
  return h('p', { class: 'hint' }, phrase(text));
}
