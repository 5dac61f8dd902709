import { formatParameter } from '../distributions/distribution.js';
import { makeDistribution } from '../distributions/make.js';
import type { Proposal, Quantity } from './proposal.js';
import { isRef, isUncertain } from './proposal.js';
import type { ReportInput } from '../report.js';
import { inputLabel, walkQuantities } from '../sampling/variables.js';

function describe(q: Quantity): Pick<ReportInput, 'kind' | 'description' | 'mean'> {
  if (typeof q === 'number') return { kind: 'fixed', description: `fixed ${formatParameter(q)}`, mean: q };
  if (isRef(q)) return { kind: 'ref', description: `shared assumption ${q.ref}`, mean: null };
  const d = makeDistribution(q.dist);
  const clamp = q.clamp ? `, clamped to [${formatParameter(q.clamp[0])}, ${formatParameter(q.clamp[1])}]` : '';
  return { kind: q.dist.family, description: `${d.describe()}${clamp}`, mean: d.mean() };
}

/**
 * Every input of a proposal as a person would say it ("PERT 2 / 5 / 12"), in
 * document order: shared assumptions, each scenario's quantities (stages
 * included), the roadmap's shared components. For the appendix of the proposal
 * document and the inputs sheet of the workbook.
 * @example proposalInputs(proposal)[0].description // "triangular 800 / 1,200 / 2,000"
 */
export function proposalInputs(proposal: Proposal): ReportInput[] {
  const out: ReportInput[] = [];
  for (const [name, q] of Object.entries(proposal.assumptions)) out.push({ scenarioId: null, path: name, label: name, ...describe(q) });
  for (const s of proposal.scenarios) {
    walkQuantities(s, (q, path) => {
      out.push({ scenarioId: s.id, path, label: isUncertain(q) && q.name ? q.name : inputLabel(s, path), ...describe(q) });
    });
  }
  proposal.roadmap?.sharedComponents.forEach((c, k) =>
    out.push({ scenarioId: null, path: `roadmap.sharedComponents[${k}].cost`, label: c.name, ...describe(c.cost) }),
  );
  return out;
}
