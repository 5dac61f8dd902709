import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ClosedloopError } from '../engine/errors.js';
import type { Proposal } from '../engine/model/proposal.js';
import { normalizeProposal } from './normalize.js';

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
      throw new ClosedloopError('PROPOSAL_SYNTAX', [{ path: '', message: `${source} is not valid JSON: ${(e as Error).message}` }]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true, strict: true, uniqueKeys: true });
  } catch (e) {
    const first = (e as Error).message.split('\n')[0].replace(/:\s*$/, '');
    throw new ClosedloopError('PROPOSAL_SYNTAX', [{ path: '', message: `${source} is not valid JSON or YAML: ${first}` }]);
  }
}

/**
 * Reads, parses and normalises a proposal file (.json, .yaml or .yml).
 * @example loadProposal('fixtures/demo.json').scenarios.length // 7
 */
export function loadProposal(file: string): Proposal {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ClosedloopError('FILE_NOT_FOUND', [{ path: '', message: `cannot read ${file}: ${reason}` }]);
  }
  return normalizeProposal(parseProposalText(text, file));
}
