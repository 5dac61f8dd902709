/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes
 * it, without loading ICU's number formatter: its first use costs ~50 ms, and
 * the limits' messages and the CLI's option help are built at start-up.
 * @example groupDigits(1000000) // "1,000,000"
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${digits}` : digits;
}
