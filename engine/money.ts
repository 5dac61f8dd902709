/** Currency signs for the codes that have a short one; others are written as "USD 1,000". */
const CURRENCY_SIGNS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/**
 * An amount in whole currency units with thousands separators: formatMoney(1860000, 'CNY') → "¥1,860,000".
 * Negative amounts take a true minus sign. Locale-independent, so reports are byte-stable.
 * @example formatMoney(-2500.4, 'USD') // "−$2,500"
 */
export function formatMoney(x: number, currency: string): string {
  const sign = CURRENCY_SIGNS[currency] ?? `${currency} `;
  const abs = Math.round(Math.abs(x)).toLocaleString('en-US');
  return `${x < 0 ? '−' : ''}${sign}${abs}`;
}
