/**
 * "Did you mean …?" for names: the closest known name by edit distance.
 */

/**
 * Damerau–Levenshtein (optimal string alignment) distance: insertions,
 * deletions, substitutions and adjacent transpositions each cost 1.
 * @example editDistance('minutesBefor', 'minutesBefore') // 1
 */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

/**
 * The largest distance still offered as a suggestion: a third of the name's length
 * (at least 1, at most 3), so "mod" suggests "mode" but "cost" does not suggest "fte".
 */
function tolerance(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 3)));
}

/**
 * The known name closest to `name` (case-insensitive first), or null when none is close enough.
 * A known name that starts with `name` (a cut-off id) also counts.
 * @example closest('minutesBefor', ['minutesBefore', 'minutesAfter']) // 'minutesBefore'
 */
export function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const k of known) {
    if (k === name) continue;
    const d = k.toLowerCase() === lower ? 0.5 : editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best !== null && bestDistance <= tolerance(name)) return best;
  const prefixed = known.filter((k) => lower.length >= 4 && k.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : null;
}
