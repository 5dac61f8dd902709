import { LANGS, type Lang, defaultLang, t } from '../../reports/i18n.js';
import { h } from './dom.js';

/** `?lang=` when it names a language, else the proposal's default (Chinese for CNY). */
export function initialLang(currency: string, search: string = location.search): Lang {
  const asked = new URLSearchParams(search).get('lang');
  return (LANGS as readonly string[]).includes(asked ?? '') ? (asked as Lang) : defaultLang(currency);
}

/** Makes `lang` the document's language and remembers it in the URL (so a reload keeps it). */
export function applyLang(lang: Lang, title: string): void {
  document.documentElement.lang = lang;
  document.title = title;
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url);
}

/**
 * The language switch: one toggle button per language, each named in its own
 * language; the current one is pressed.
 */
export function langSwitch(current: Lang, onChange: (lang: Lang) => void): HTMLElement {
  const order: Lang[] = ['zh-CN', 'en'];
  return h(
    'div',
    { class: 'lang-switch', testid: 'lang-switch', attrs: { role: 'group', 'aria-label': t(current, 'web.lang.label') } },
    order.map((lang) =>
      h(
        'button',
        {
          class: 'lang-switch__option',
          testid: `lang-${lang}`,
          attrs: { type: 'button', lang, 'aria-pressed': String(lang === current), 'data-lang': lang },
          on: { click: () => lang !== current && onChange(lang) },
        },
        t(lang, lang === 'en' ? 'web.lang.en' : 'web.lang.zh-CN'),
      ),
    ),
  );
}
