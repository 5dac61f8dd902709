import { LineCounter, isMap, isNode, isSeq, parseDocument, type Node } from 'yaml';
import type { Locator, PathPart } from './problem-path.js';

/**
 * Line and column of a JSON path in proposal text. JSON is YAML 1.2 flow
 * syntax, so one YAML parser with source ranges serves both formats; the data
 * itself still comes from JSON.parse for .json files (parseProposalText).
 */

/**
 * A Locator over `text`: the position of the value at a path, or of its nearest
 * ancestor that exists (a missing key points at the object that lacks it).
 * @example sourceLocator('a:\n  b: 1\n')(['a', 'b']) // { line: 2, column: 6 }
 */
export function sourceLocator(text: string): Locator {
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument> | null = null;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  } catch {
    return () => undefined;
  }
  return (path: readonly PathPart[]) => {
    let node: unknown = doc?.contents;
    let found: Node | undefined = isNode(node) ? node : undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === part);
        if (!pair) break;
        node = pair.value;
        // A field points at its key, where the author reads its name.
        found = isNode(pair.key) ? pair.key : isNode(pair.value) ? pair.value : found;
      } else if (isSeq(node) && typeof part === 'number' && part < node.items.length) {
        node = node.items[part];
        if (isNode(node)) found = node;
      } else break;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
}
