import type { Proposal, ProposalWarning } from '../engine/model/proposal.js';
import { isUncertain } from '../engine/model/proposal.js';
import { walkQuantities } from '../engine/sampling/variables.js';
import { inputRef, scenarioRef } from '../engine/messages.js';
import { commonRandomNumbers } from '../engine/sampling/common-random-numbers.js';
import type { Found } from './normalize.js';

type Unhashed = Omit<Proposal, 'inputHash'>;

/**
 * Cross-checks of `alternatives` (mutually exclusive variants of one use case),
 * each problem with its JSON path: group ids are unique; every option is a
 * scenario id (reported by the reference checks); an option is listed once in its group and belongs to one group
 * only; no option requires another option of its group (only one of them is
 * ever planned, so it could never start).
 * @example checkAlternatives(proposal, found) // found gets "alternatives[0].options[1]: no scenario has the id …"
 */
export function checkAlternatives(p: Unhashed, problems: Found[]): void {
  const groups = p.alternatives ?? [];
  const ids = new Set(p.scenarios.map((s) => s.id));
  const byId = new Map(p.scenarios.map((s) => [s.id, s]));
  const groupIds = new Map<string, number>();
  const owner = new Map<string, string>();
  groups.forEach((g, k) => {
    if (groupIds.has(g.id)) problems.push({ at: ['alternatives', k, 'id'], message: `duplicate group id ${JSON.stringify(g.id)} (also alternatives[${groupIds.get(g.id)}])` });
    else groupIds.set(g.id, k);
    if (ids.has(g.id)) problems.push({ at: ['alternatives', k, 'id'], message: `${JSON.stringify(g.id)} is a scenario id: give the group an id of its own` });
    const seen = new Map<string, number>();
    g.options.forEach((id, j) => {
      const where = ['alternatives', k, 'options', j];
      // An unknown id is reported (with a did-you-mean) by normalize.ts's reference checks.
      if (!ids.has(id)) return;
      if (seen.has(id)) {
        problems.push({ at: where, message: `${JSON.stringify(id)} is already listed at options[${seen.get(id)}]: list each option once` });
        return;
      }
      seen.set(id, j);
      const other = owner.get(id);
      if (other !== undefined) {
        problems.push({ at: where, message: `${JSON.stringify(id)} is already an option of the group ${JSON.stringify(other)}: a scenario belongs to one group of alternatives only` });
        return;
      }
      owner.set(id, g.id);
    });
    g.options.forEach((id, j) => {
      const requires = byId.get(id)?.requires ?? [];
      const inGroup = requires.filter((r) => r !== id && g.options.includes(r));
      if (inGroup.length > 0) {
        problems.push({
          at: ['alternatives', k, 'options', j],
          message: `${JSON.stringify(id)} requires ${inGroup.map((r) => JSON.stringify(r)).join(', ')}, another option of the same group: only one option is ever planned, so it could never start; remove the requirement or the grouping`,
        });
      }
    });
  });
}

/**
 * Warnings on `alternatives`, for a proposal whose alternatives passed the
 * checks: an option whose uncertain inputs repeat another option's
 * distributions (they draw the same random numbers in the group, yet they are
 * two inputs: when they are the same quantity, one shared assumption says so
 * and keeps it one quantity for every scenario and for the value of
 * information); a group all of whose options the roadmap excludes (it is
 * never planned).
 * @example alternativesWarnings(proposal)[0].code // 'alternative-duplicates-distribution'
 */
export function alternativesWarnings(p: Unhashed): ProposalWarning[] {
  const groups = p.alternatives ?? [];
  if (groups.length === 0) return [];
  const warnings: ProposalWarning[] = [];
  const { matches } = commonRandomNumbers(p);
  // An input's report key: its own name, or "SCENARIO_ID.path" (as in the Report's inputs and sensitivity).
  const names = new Map<string, string>();
  for (const s of p.scenarios) {
    walkQuantities(s, (q, path) => {
      if (isUncertain(q)) names.set(`${s.id}:${path}`, q.name ?? `${s.id}.${path}`);
    });
  }
  const nameOf = (scenarioId: string, path: string) => names.get(`${scenarioId}:${path}`) ?? `${scenarioId}.${path}`;
  groups.forEach((g, k) => {
    g.options.forEach((id, j) => {
      const duplicated = matches.filter((m) => m.group === g.id && m.scenarioId === id && m.identical);
      if (duplicated.length === 0) return;
      const others = [...new Set(duplicated.map((m) => m.with.scenarioId))];
      warnings.push({
        code: 'alternative-duplicates-distribution',
        path: `alternatives[${k}].options[${j}]`,
        params: {
          scenario: scenarioRef(id),
          other: scenarioRef(others),
          inputs: inputRef(duplicated.map((m) => nameOf(m.scenarioId, m.path))),
        },
      });
    });
    const excluded = new Set(p.roadmap?.exclude ?? []);
    if (p.roadmap && g.options.every((id) => excluded.has(id))) {
      warnings.push({ code: 'alternative-all-excluded', path: `alternatives[${k}]`, params: { scenarios: scenarioRef(g.options) } });
    }
  });
  return warnings;
}
