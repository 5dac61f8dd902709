import { type MessageKey, t } from '../../reports/i18n.js';
import { h } from './dom.js';

/** Both languages, Chinese first: before the data arrives the page cannot know which one the reader wants. */
function both(key: MessageKey, tag: 'p' | 'h1' = 'p', className = ''): HTMLElement[] {
  return [h(tag, { class: className, attrs: { lang: 'zh-CN' } }, t('zh-CN', key)), h(tag, { class: className, attrs: { lang: 'en' } }, t('en', key))];
}

export function showLoading(main: HTMLElement): void {
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(h('div', { class: 'state state--loading', testid: 'state-loading' }, h('div', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), both('web.loading')));
}

/** The friendly end of a bad link (`notFound`) or a failed load (`failed`, with a retry button). */
export function showError(main: HTMLElement, kind: 'notFound' | 'failed', retry?: () => void): void {
  main.setAttribute('aria-busy', 'false');
  document.title = `${t('zh-CN', `web.error.${kind}.title`)} · ${t('en', `web.error.${kind}.title`)}`;
  main.replaceChildren(
    h(
      'div',
      { class: `state state--error state--${kind}`, testid: kind === 'notFound' ? 'state-not-found' : 'state-error', attrs: { role: 'alert' } },
      h('div', { class: 'state__icon', attrs: { 'aria-hidden': 'true' } }, kind === 'notFound' ? '?' : '!'),
      h('div', { class: 'state__block', attrs: { lang: 'zh-CN' } }, h('h1', { class: 'state__title' }, t('zh-CN', `web.error.${kind}.title`)), h('p', {}, t('zh-CN', `web.error.${kind}.body`))),
      h('div', { class: 'state__block', attrs: { lang: 'en' } }, h('h1', { class: 'state__title' }, t('en', `web.error.${kind}.title`)), h('p', {}, t('en', `web.error.${kind}.body`))),
      retry
        ? h('button', { class: 'button', testid: 'retry', attrs: { type: 'button' }, on: { click: retry } }, `${t('zh-CN', 'web.error.retry')} · ${t('en', 'web.error.retry')}`)
        : null,
    ),
  );
}
