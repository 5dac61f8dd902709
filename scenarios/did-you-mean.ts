/**
 * Edit distance between two strings (Levenshtein: insertions, deletions and
 * substitutions each cost 1), by the two-row dynamic programme.
 * @example editDistance('minuteSaved', 'minutesSaved') // 1
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name` (case-insensitive edit distance), when it is
 * close enough to be a likely typo: at most a third of the longer name's length,
 * and at least 1 edit allowed. Ties go to the earlier candidate.
 * @example didYouMean('benefits[0].minuteSaved', ['benefits[0].minutesSaved', 'adoption']) // 'benefits[0].minutesSaved'
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance && d <= Math.max(1, Math.floor(Math.max(name.length, c.length) / 3))) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
