/**
 * Money in the reports follows the rule docs/reports.md states: the examples
 * table of that page (after `<!-- money-examples -->`) is read here and each
 * row checked against the formatter, so the code and the docs cannot drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyFor, formatPercent } from '../../reports/money.js';

const DOC = readFileSync('docs/reports.md', 'utf8');

/** The rows of the first Markdown table after the marker: [amount, zh-CN, en]. */
function examples(): [number, string, string][] {
  const after = DOC.slice(DOC.indexOf('<!-- money-examples -->'));
  const rows = after.split('\n').slice(1).filter((l, k, all) => l.startsWith('|') && all.slice(0, k).every((x) => x.startsWith('|')));
  return rows.slice(2).map((l) => {
    const [amount, zh, en] = l.split('|').slice(1, 4).map((c) => c.trim());
    return [Number(amount.replace(/,/g, '').replace('−', '-')), zh, en];
  });
}

describe('money as docs/reports.md states it', () => {
  const rows = examples();
  it('the page has its examples', () => expect(rows.length).toBeGreaterThanOrEqual(8));
  it.each(rows)('%d → %s (zh-CN), %s (en)', (amount, zh, en) => {
    expect(formatMoneyFor(amount, 'CNY', 'zh-CN')).toBe(zh);
    expect(formatMoneyFor(amount, 'CNY', 'en')).toBe(en);
  });

  it('other currencies by sign or code; a missing figure is a dash; no “−0”', () => {
    expect(formatMoney(1200, 'USD')).toBe('$1,200');
    expect(formatMoney(1200, 'CHF')).toBe('CHF 1,200');
    expect(formatMoneyFor(123456, 'CHF', 'zh-CN')).toBe('CHF 12.3万');
    expect(formatMoneyFor(null, 'CNY', 'en')).toBe('—');
    expect(formatMoneyFor(Number.NaN, 'CNY', 'zh-CN')).toBe('—');
    expect(formatMoneyFor(-0.4, 'CNY', 'zh-CN')).toBe('¥0');
    expect(formatMoney(-0.4, 'CNY')).toBe('¥0');
  });

  it('percentages are whole, ratios above 1 included', () => {
    expect(formatPercent(0.834)).toBe('83%');
    expect(formatPercent(30.27)).toBe('3027%');
    expect(formatPercent(null)).toBe('—');
  });
});
