/** Plain-text tables for the terminal, aware that CJK characters take two columns. */

/** Terminal columns a string occupies (East Asian wide and full-width characters count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Cuts a string to at most `width` columns, ending with "…" when cut: at the last space when one is in the last third, else mid-word. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  const space = out.lastIndexOf(' ');
  if (space > (out.length * 2) / 3) out = out.slice(0, space);
  return `${out.replace(/[\s,·—–:：]+$/u, '')}…`;
}

const pad = (s: string, width: number, right: boolean) => {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? gap + s : s + gap;
};

/** Renders rows under a header; columns listed in `rightAligned` (numbers) align right. */
export function renderTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c], rightAligned.has(c))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
