import { ClosedloopError } from '../engine/index.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { stringify } from 'yaml';
import { LANGS, type Lang } from '../reports/i18n.js';
import { closest } from '../scenarios/did-you-mean.js';
import { normalizeProposal } from '../scenarios/normalize.js';
import { TEMPLATES, findTemplate } from '../scenarios/templates/index.js';

/**
 * `closedloop init --template ID`: a new proposal from a template, as a
 * workbook to fill in (`--xlsx`), a YAML or JSON file (`--out`), or YAML on stdout.
 */

/** The raw proposal a template starts: one scenario from it, the default policy, a placeholder customer. */
function starterProposal(templateId: string, customer: string): Record<string, unknown> {
  const t = findTemplate(templateId);
  if (!t) {
    const guess = closest(templateId, TEMPLATES.map((x) => x.id));
    throw new ClosedloopError('UNKNOWN_TEMPLATE', [
      { path: '--template', message: `no template has the id ${JSON.stringify(templateId)}${guess ? `: did you mean "${guess}"?` : ''} (known: ${TEMPLATES.map((x) => x.id).join(', ')})` },
    ]);
  }
  return { customer: { name: customer }, scenarios: [{ ...structuredClone(t.scenario), template: t.id }] };
}

function write(file: string, content: string | Buffer): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Registers `init` on the program.
 * @example registerInit(program) // closedloop init --template om-design-review --xlsx new.xlsx
 */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('start a proposal from a template: a workbook to fill in (--xlsx), a YAML/JSON file (--out), or YAML on stdout')
    .requiredOption('--template <id>', 'template id (closedloop templates list)')
    .option('--customer <name>', 'customer name', 'New customer')
    .option('--xlsx <file>', 'write a workbook with the Inputs and Structure sheets')
    .option('--out <file>', 'write the proposal as .yaml, .yml or .json')
    .addOption(new Option('--lang <lang>', 'language of the workbook notes').choices(LANGS as string[]).default('zh-CN'))
    .action(async (opts: { template: string; customer: string; xlsx?: string; out?: string; lang: Lang }) => {
      const raw = starterProposal(opts.template, opts.customer);
      const proposal = normalizeProposal(raw);
      if (opts.xlsx) {
        const { proposalWorkbook } = await import('../reports/workbook-inputs.js');
        write(opts.xlsx, await proposalWorkbook(proposal, opts.lang));
        process.stdout.write(`Wrote ${resolve(opts.xlsx)}\n`);
      }
      if (opts.out) {
        write(opts.out, /\.json$/i.test(opts.out) ? `${JSON.stringify(raw, null, 2)}\n` : stringify(raw));
        process.stdout.write(`Wrote ${resolve(opts.out)}\n`);
      }
      if (!opts.xlsx && !opts.out) process.stdout.write(stringify(raw));
    });
}
