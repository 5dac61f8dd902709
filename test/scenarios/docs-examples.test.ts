/**
 * The examples of docs/proposal-format.md must stay true to the code: every
 * fenced block marked `<!-- proposal -->` is a complete proposal that
 * normalizeProposal accepts; a block marked `<!-- invalid-proposal -->` is
 * rejected with exactly the lines of the `<!-- errors -->` block after it;
 * fixtures/quick-start.yaml loads through loadProposal.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ClosedloopError, formatProblem } from '../../engine/errors.js';
import { loadProposal } from '../../scenarios/load.js';
import { readProposalText } from '../../scenarios/load.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const DOC = fileURLToPath(new URL('../../docs/proposal-format.md', import.meta.url));
const QUICK_START = fileURLToPath(new URL('../../fixtures/quick-start.yaml', import.meta.url));

interface Block {
  /** The marker comment on the line before the fence ("proposal", …), or null. */
  marker: string | null;
  lang: string;
  text: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
}

/** Every fenced block of a Markdown text, with the `<!-- marker -->` comment just above it. */
function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`unclosed fence at line ${i + 1}`);
    const marker = i > 0 ? (/^<!--\s*([\w-]+)\s*-->\s*$/.exec(lines[i - 1])?.[1] ?? null) : null;
    blocks.push({ marker, lang: open[1], text: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    i = end;
  }
  return blocks;
}

const parseBlock = (b: Block): unknown => (b.lang === 'json' ? JSON.parse(b.text) : parse(b.text));

/** The problems normalizeProposal reports, one formatted line each ([] when it accepts). */
function problemsOf(raw: unknown): string[] {
  try {
    normalizeProposal(raw);
    return [];
  } catch (e) {
    if (e instanceof ClosedloopError) return e.problems.map(formatProblem);
    throw e;
  }
}

const blocks = fencedBlocks(readFileSync(DOC, 'utf8'));
const proposals = blocks.filter((b) => b.marker === 'proposal');

describe('docs/proposal-format.md', () => {
  it('marks complete proposals in json or yaml blocks', () => {
    expect(proposals.length).toBeGreaterThanOrEqual(3);
    for (const b of proposals) expect(['json', 'yaml'], `block at line ${b.line}`).toContain(b.lang);
  });

  it.each(proposals.map((b) => [b.line, b] as const))('the proposal at line %i is valid', (_line, b) => {
    const raw = parseBlock(b) as Record<string, unknown>;
    expect(raw).toHaveProperty('customer');
    expect(raw).toHaveProperty('scenarios');
    expect(problemsOf(raw)).toEqual([]);
  });

  it('marks every json or yaml block that holds a whole proposal', () => {
    // A block with both "customer" and "scenarios" at the top is a complete proposal and must be marked.
    for (const b of blocks.filter((x) => x.lang === 'json' || x.lang === 'yaml')) {
      let raw: unknown;
      try {
        raw = parseBlock(b);
      } catch {
        continue; // a fragment that is not a document on its own
      }
      const whole = raw !== null && typeof raw === 'object' && 'customer' in raw && 'scenarios' in raw;
      if (whole) expect(['proposal', 'invalid-proposal'], `block at line ${b.line}`).toContain(b.marker);
    }
  });

  it('shows the errors an invalid proposal really produces', () => {
    const i = blocks.findIndex((b) => b.marker === 'invalid-proposal');
    expect(i).toBeGreaterThanOrEqual(0);
    const errors = blocks.slice(i + 1).find((b) => b.marker === 'errors');
    expect(errors, 'an <!-- errors --> block after the invalid proposal').toBeDefined();
    let lines: string[] = [];
    try {
      readProposalText(blocks[i].text, `bad.${blocks[i].lang}`);
    } catch (e) {
      if (!(e instanceof ClosedloopError)) throw e;
      lines = e.problems.map(formatProblem);
    }
    expect(lines).toEqual(errors!.text.split('\n').filter((l) => l.trim() !== ''));
  });

  it('links to the quick-start fixture', () => {
    expect(readFileSync(DOC, 'utf8')).toContain('fixtures/quick-start.yaml');
  });
});

describe('fixtures/quick-start.yaml', () => {
  it('loads through loadProposal', () => {
    const p = loadProposal(QUICK_START);
    expect(p.customer.name).toBeTruthy();
    expect(p.scenarios.map((s) => s.id)).toEqual(['service-desk', 'invoice-check']);
    expect(Object.keys(p.assumptions)).toHaveLength(1);
    expect(p.correlations).toHaveLength(1);
  });
});
