import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ClosedloopError } from '../engine/errors.js';
import type { Proposal } from '../engine/model/proposal.js';
import { type ReadOptions, type ReadResult, readProposal } from './normalize.js';
import { sourceLocator } from './source-map.js';

/** "line L, column C" of a character offset in text (1-based). */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Parses proposal text as JSON (when it looks like JSON or the file ends in
 * .json) or YAML, throwing PROPOSAL_SYNTAX with the line and column on failure.
 * @example parseProposalText('customer: {name: X}', 'p.yaml') // { customer: { name: 'X' } }
 */
export function parseProposalText(text: string, source = 'proposal'): unknown {
  const trimmed = text.trimStart();
  const asJson = source.endsWith('.json') || trimmed.startsWith('{') || trimmed.startsWith('[');
  if (asJson) {
    try {
      return JSON.parse(text);
    } catch (e) {
      const position = /position (\d+)/.exec((e as Error).message);
      const at = position ? lineColumn(text, Number(position[1])) : undefined;
      throw new ClosedloopError('PROPOSAL_SYNTAX', [{ path: '', message: `${source} is not valid JSON: ${(e as Error).message}`, ...at }]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true, strict: true, uniqueKeys: true });
  } catch (e) {
    const first = (e as Error).message.split('\n')[0].replace(/:\s*$/, '');
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new ClosedloopError('PROPOSAL_SYNTAX', [{ path: '', message: `${source} is not valid JSON or YAML: ${first}`, ...(pos ? { line: pos.line, column: pos.col } : {}) }]);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ClosedloopError('FILE_NOT_FOUND', [{ path: '', message: `cannot read ${file}: ${reason}` }]);
  }
}

/**
 * Reads proposal text into a ReadResult, every problem located by line and column in the text.
 * @example readProposalText(yaml, 'p.yaml').proposal.inputHash
 */
export function readProposalText(text: string, source: string, options: Omit<ReadOptions, 'locate'> = {}): ReadResult {
  return readProposal(parseProposalText(text, source), { ...options, locate: sourceLocator(text) });
}

/** True for a workbook file (read by load-workbook.ts). */
export const isWorkbookFile = (file: string): boolean => /\.xlsx$/i.test(file);

/**
 * Reads a proposal file: .json, .yaml/.yml, or a workbook closedloop wrote (.xlsx, scenarios/load-workbook.ts).
 * @example (await readProposalFile('fixtures/demo.json')).proposal.scenarios.length // 7
 */
export async function readProposalFile(file: string, options: Omit<ReadOptions, 'locate'> = {}): Promise<ReadResult> {
  if (isWorkbookFile(file)) {
    const { readWorkbookProposal } = await import('./load-workbook.js');
    return readWorkbookProposal(file, options);
  }
  return readProposalText(readText(file), file, options);
}

/**
 * Reads, parses and normalises a proposal file (.json, .yaml or .yml).
 * @example loadProposal('fixtures/demo.json').scenarios.length // 7
 */
export function loadProposal(file: string): Proposal {
  return readProposalText(readText(file), file).proposal;
}
