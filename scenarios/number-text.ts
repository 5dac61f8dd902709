/**
 * Numbers as people write them in a proposal (docs/proposal-format.md,
 * "Numbers as text"): `50万`, `1.2亿`, `¥500,000`, `1,200`, `8%`, `3k`.
 * Only whole strings of that grammar are numbers; anything else stays text,
 * so a name such as "Phase 2 rollout" is never read as a number.
 */

/** Multipliers of the unit written after a number, as powers of ten (so 1.2亿 is exactly 120,000,000). */
const UNIT_EXPONENTS: Record<string, number> = {
  '%': -2,
  '％': -2,
  千: 3,
  k: 3,
  K: 3,
  万: 4,
  萬: 4,
  百万: 6,
  亿: 8,
  億: 8,
};

/** Currency signs and words allowed around a number; the proposal's currency decides the unit. */
const CURRENCY_PREFIX = /^(?:[¥￥$€£]|CNY|RMB|USD|EUR)\s*/;
const CURRENCY_SUFFIX = /\s*(?:元|块|CNY|RMB|USD|EUR)$/;

/** Digits with optional thousands separators (groups of three) or none, then an optional decimal part. */
const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * The number a text means, or null when it is not a number in the documented grammar.
 * @example readNumberText('50万') // 500000
 * @example readNumberText('¥1,200') // 1200
 * @example readNumberText('8%') // 0.08
 */
export function readNumberText(text: string): number | null {
  let s = text.trim().replace(/[\u00a0\u202f ]/g, ' ');
  let sign = '';
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1).trimStart();
  }
  s = s.replace(CURRENCY_PREFIX, '').replace(CURRENCY_SUFFIX, '');
  let exponent = 0;
  for (const [unit, e] of Object.entries(UNIT_EXPONENTS).sort(([a], [b]) => b.length - a.length)) {
    if (s.endsWith(unit)) {
      exponent = e;
      s = s.slice(0, -unit.length).trimEnd();
      break;
    }
  }
  const m = NUMBER.exec(s);
  if (!m) return null;
  // Through the decimal literal with an exponent: "1.2e8" parses to the double nearest 120,000,000 exactly.
  const value = Number(`${sign}${m[2].replace(/,/g, '')}${m[3] ? `.${m[3]}` : ''}e${exponent}`);
  return Number.isFinite(value) ? value : null;
}

/**
 * Whether a text looks like an attempt at a number (has a digit and only number characters), for error hints.
 * @example looksNumeric('50 thousand') // false
 */
export function looksNumeric(text: string): boolean {
  return /\d/.test(text) && /^[\s\d.,+\-¥￥$€£%％千万萬百亿億kK元块A-Z]*$/.test(text);
}
