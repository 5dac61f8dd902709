import type { Scenario } from '../engine/model/proposal.js';
import { walkQuantities } from '../engine/sampling/variables.js';

/** The value at a quantity path ("benefits[0].minutesSaved", "adoption.rampMonths") of raw proposal data, or undefined. */
function valueAt(raw: unknown, path: string): unknown {
  let node: unknown = raw;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (node === null || typeof node !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    node = index ? (Array.isArray(node) ? node[Number(index[1])] : undefined) : (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Paths of a normalised scenario's quantities that its raw data (after the
 * template was merged in) did not write: schema defaults such as `gpus: 0` on a
 * public-API compute line or an adoption ceiling of 1. The input list leaves
 * them out: it shows what the consultant (or the template) set.
 * @example defaultedPaths({ benefits: [{ kind: 'custom', quantityPerMonth: 5, unitValue: 2 }] }, scenario) // ['implementationMonths', 'adoption.rampMonths', …]
 */
export function defaultedPaths(raw: unknown, scenario: Omit<Scenario, 'defaulted'>): string[] {
  const out: string[] = [];
  walkQuantities(scenario, (_, path) => {
    if (valueAt(raw, path) === undefined) out.push(path);
  });
  return out;
}
