import type { Scenario } from '../model/proposal.js';
import { isRef, isUncertain } from '../model/proposal.js';
import { type VariableSet, walkQuantities } from '../sampling/variables.js';
import type { MeasureTarget } from './actuals.js';

/** The measure that observes adoption. */
export const ADOPTION_MEASURE = 'adoption';
/** Prefix of the measures of realised money. */
export const CASH_PREFIX = 'cash:';

/** Why a name that looks like a measure cannot be tracked (a fixed input, an ambiguous label). */
export interface UnusableMeasure {
  reason: 'fixed-input' | 'fixed-assumption' | 'ambiguous-label';
  /** The fixed value, or the alternatives to write instead. */
  detail: string;
}

/** Every measure a scenario's actuals may name, and the names that look like one but cannot be used. */
export interface ScenarioMeasures {
  usable: Map<string, MeasureTarget>;
  unusable: Map<string, UnusableMeasure>;
}

/**
 * The measures of one scenario: each uncertain input by its path (a path that
 * refers to a shared assumption observes the assumption), each uncertain shared
 * assumption the scenario uses by its key, `adoption`, `cash:benefits`,
 * `cash:costs`, and each line as `cash:<label>` (unique labels) and
 * `cash:benefits[i]` / `cash:costs[i]`. Fixed inputs and ambiguous labels are
 * listed apart, so that an error can say why.
 * @example scenarioMeasures(set, proposal.scenarios[0]).usable.get('tasksPerMonth') // { kind: 'input', variableKey: 'assumption:tasksPerMonth' }
 */
export function scenarioMeasures(set: VariableSet, scenario: Scenario): ScenarioMeasures {
  const usable = new Map<string, MeasureTarget>();
  const unusable = new Map<string, UnusableMeasure>();
  const keyOf = (index: number) => set.variables[index].key;
  walkQuantities(scenario, (q, path) => {
    if (typeof q === 'number') {
      unusable.set(path, { reason: 'fixed-input', detail: String(q) });
      return;
    }
    const r = set.resolve(q);
    if ('value' in r) {
      const name = isRef(q) ? q.ref : path;
      const entry: UnusableMeasure = { reason: isRef(q) ? 'fixed-assumption' : 'fixed-input', detail: String(r.value) };
      unusable.set(path, entry);
      unusable.set(name, entry);
      return;
    }
    usable.set(path, { kind: 'input', variableKey: keyOf(r.variable) });
    if (isRef(q)) usable.set(q.ref, { kind: 'input', variableKey: keyOf(r.variable) });
    else if (isUncertain(q) && q.name && !usable.has(q.name)) usable.set(q.name, { kind: 'input', variableKey: keyOf(r.variable) });
  });
  usable.set(ADOPTION_MEASURE, { kind: 'adoption' });
  usable.set(`${CASH_PREFIX}benefits`, { kind: 'cash', side: 'benefits' });
  usable.set(`${CASH_PREFIX}costs`, { kind: 'cash', side: 'costs' });
  const labelled = new Map<string, string[]>();
  const addLines = (side: 'benefits' | 'costs', labels: string[]) =>
    labels.forEach((label, index) => {
      usable.set(`${CASH_PREFIX}${side}[${index}]`, { kind: 'cash-line', side, index });
      const name = `${CASH_PREFIX}${label}`;
      labelled.set(name, [...(labelled.get(name) ?? []), `${CASH_PREFIX}${side}[${index}]`]);
    });
  addLines('benefits', scenario.benefits.map((b) => b.label));
  addLines('costs', scenario.costs.map((c) => c.label));
  for (const [name, indexed] of labelled) {
    if (usable.has(name)) continue; // "cash:benefits" as a label: the total wins, the line keeps its index form
    if (indexed.length > 1) unusable.set(name, { reason: 'ambiguous-label', detail: indexed.join(' or ') });
    else usable.set(name, usable.get(indexed[0])!);
  }
  return { usable, unusable };
}
