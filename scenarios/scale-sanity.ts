import type { Proposal, Quantity } from '../engine/model/proposal.js';
import { isUncertain } from '../engine/model/proposal.js';
import { makeDistribution } from '../engine/distributions/registry.js';
import type { Found } from './normalize.js';
import type { PathPart } from './problem-path.js';

/**
 * Values that are valid but almost certainly slips of scale, flagged before
 * analysis with the value the author likely meant: a budget ceiling of ¥200
 * written in 万, a ¥3 one-off cost, a growth rate of 30 meaning 30%.
 */

/** Per currency: the smallest plausible budget ceiling and one-off cost of an enterprise project, and the unit a slip usually drops. */
const SCALE: Record<string, { budget: number; oneOff: number; factor: number; unit: string }> = {
  // Chinese budgets are spoken in 万 (10,000): "预算 50–200 万" written as 50–200.
  CNY: { budget: 10_000, oneOff: 100, factor: 10_000, unit: '万' },
};
/** Elsewhere amounts are spoken in thousands ("a 200k budget" written as 200). */
const DEFAULT_SCALE = { budget: 1_000, oneOff: 10, factor: 1_000, unit: 'thousand' };
/** A yearly rate above this is a percentage written as a number (30 for 30%). */
const MAX_PLAUSIBLE_YEARLY_RATE = 1;

function typical(q: Quantity, assumptions: Proposal['assumptions']): number | null {
  if (typeof q === 'number') return q;
  if (isUncertain(q)) return makeDistribution(q.dist).quantile(0.5);
  const shared = assumptions[q.ref];
  return shared === undefined || (!isUncertain(shared) && typeof shared !== 'number') ? null : typical(shared, assumptions);
}

const money = (x: number, currency: string) => `${currency === 'CNY' ? '¥' : `${currency} `}${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/**
 * Likely slips of scale in a valid proposal, each with the value probably meant.
 * @example scaleWarnings(proposalWithBudgetMax200)[0].message // "a budget ceiling of ¥200 is far below … did you mean ¥2,000,000 (200万)?"
 */
export function scaleWarnings(p: Proposal): Found[] {
  const s = SCALE[p.currency] ?? DEFAULT_SCALE;
  const out: Found[] = [];
  const meant = (x: number) => `did you mean ${money(x * s.factor, p.currency)} (${x}${s.unit === '万' ? '万' : ` ${s.unit}`})?`;
  const threshold = (at: PathPart[], what: string, x: number | undefined) => {
    if (x !== undefined && x > 0 && x < s.budget) {
      out.push({ at, message: `${what} of ${money(x, p.currency)} is far below an enterprise project's usual range: ${meant(x)}` });
    }
  };
  threshold(['policy', 'budget', 'max'], 'a budget ceiling', p.policy.budget.max);
  threshold(['policy', 'budget', 'min'], 'a budget floor', p.policy.budget.min);
  if (p.roadmap && p.roadmap.phaseBudget !== p.policy.budget) {
    threshold(['roadmap', 'phaseBudget', 'max'], 'a phase budget ceiling', p.roadmap.phaseBudget.max);
  }
  threshold(['roadmap', 'programmeBudget'], 'a programme budget', p.roadmap?.programmeBudget);
  const oneOff = (at: PathPart[], q: Quantity) => {
    const x = typical(q, p.assumptions);
    if (x !== null && x > 0 && x < s.oneOff) out.push({ at, message: `a one-off cost of ${money(x, p.currency)} is far below an enterprise project's: ${meant(x)}` });
  };
  const yearly = (at: PathPart[], field: string, q: Quantity) => {
    const x = typical(q, p.assumptions);
    if (x !== null && x > MAX_PLAUSIBLE_YEARLY_RATE) {
      out.push({ at, message: `${field} ${x} multiplies the line by ${x + 1} every year: did you mean ${Number(`${x}e-2`)} (${x}%)?` });
    }
  };
  p.scenarios.forEach((sc, i) => {
    sc.costs.forEach((c, j) => {
      if (c.kind === 'oneOff') oneOff(['scenarios', i, 'costs', j, 'amount'], c.amount);
      if (c.kind === 'recurring') yearly(['scenarios', i, 'costs', j, 'escalationPerYear'], 'escalationPerYear', c.escalationPerYear);
    });
    sc.benefits.forEach((b, j) => yearly(['scenarios', i, 'benefits', j, 'growthPerYear'], 'growthPerYear', b.growthPerYear));
    sc.stages?.forEach((st, k) => oneOff(['scenarios', i, 'stages', k, 'cost'], st.cost));
  });
  return out;
}
