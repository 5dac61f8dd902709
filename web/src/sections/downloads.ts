import { runUrl } from '../data.js';
import { h } from '../dom.js';
import type { View } from '../view.js';

/** The PDF and the workbook of the same run, in the page's current language. */
export function downloads(v: View): HTMLElement {
  const { f, token } = v;
  const link = (kind: 'pdf' | 'xlsx') =>
    h(
      'a',
      {
        class: `button button--download button--${kind}`,
        testid: `download-${kind}`,
        attrs: { href: `${runUrl(token, `report.${kind}`)}?lang=${encodeURIComponent(f.lang)}`, download: true, rel: 'noopener' },
      },
      h('span', { class: 'button__icon', attrs: { 'aria-hidden': 'true' } }, '↓'),
      f.t(kind === 'pdf' ? 'web.download.pdf' : 'web.download.xlsx'),
    );
  return h(
    'nav',
    { class: 'downloads', testid: 'section-downloads', attrs: { 'aria-label': f.t('web.downloads') } },
    h('span', { class: 'downloads__label' }, f.t('web.downloads')),
    link('pdf'),
    link('xlsx'),
  );
}
