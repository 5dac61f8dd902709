import { formatProblem, type Proposal } from '../engine/index.js';
import type { ReadResult } from '../scenarios/normalize.js';
import { readProposalFile } from '../scenarios/load.js';
import { proposalWarningText } from '../reports/view/index.js';

/**
 * Reads a proposal file for a command (.json, .yaml, .yml or a closedloop
 * workbook) and prints its warnings (likely slips of scale) on stderr before
 * any analysis, so the author sees them first.
 * @example const proposal = await proposalForRun('fixtures/demo.json')
 */
export async function proposalForRun(file: string, quiet = false): Promise<Proposal> {
  const result = await readProposalFile(file);
  if (!quiet) printWarnings(result);
  return result.proposal;
}

/** Warnings on stderr: slips of scale found while reading, then the proposal's coded warnings (alternatives that duplicate a distribution …). */
function printWarnings(result: ReadResult): void {
  for (const w of result.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
  const p = result.proposal;
  for (const w of p.warnings ?? []) process.stderr.write(`warning: ${w.path}: ${proposalWarningText(p, w, 'en')}\n`);
}

/**
 * `closedloop validate`: the verdict line, the numbers read from text and the warnings.
 * @example await validateFile('my-proposal.yaml') // prints "my-proposal.yaml: valid — 3 scenarios, input hash …"
 */
export async function validateFile(file: string): Promise<void> {
  const result = await readProposalFile(file, { readings: true });
  const p = result.proposal;
  process.stdout.write(`${file}: valid — ${p.scenarios.length} scenario${p.scenarios.length === 1 ? '' : 's'}, input hash ${p.inputHash}\n`);
  if (result.readings.length) {
    process.stdout.write('Numbers read from text:\n');
    for (const r of result.readings) {
      process.stdout.write(`  ${r.path}: ${JSON.stringify(r.text)} → ${r.value.toLocaleString('en-US', { maximumFractionDigits: 12 })}${r.line !== undefined ? ` (line ${r.line})` : ''}\n`);
    }
  }
  printWarnings(result);
}
