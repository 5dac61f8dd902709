import type { Proposal } from '../model/proposal.js';
import { cholesky, spearmanToNormalScoreCorrelation } from './samplers.js';
import type { CorrelationGroup, VariableSet } from './variables.js';

/** A correlation problem found while grouping: which entry and why. */
export interface CorrelationProblem {
  index: number;
  message: string;
}

/**
 * Groups the proposal's correlations into connected sets of variables, each with
 * its target Spearman matrix (unlisted pairs 0), and checks that each matrix is
 * positive definite once mapped to normal scores. When one is not, the problem
 * names the pair that completes the inconsistency: the first pair of the row
 * where the Cholesky factorisation fails with the largest correlation.
 * @example correlationGroups(proposal, new VariableSet(proposal)).problems // [] when consistent
 */
export function correlationGroups(
  proposal: Proposal,
  set: VariableSet,
): { groups: CorrelationGroup[]; problems: CorrelationProblem[] } {
  const problems: CorrelationProblem[] = [];
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const pairs: { a: number; b: number; rho: number; index: number }[] = [];
  proposal.correlations.forEach((c, index) => {
    const [na, nb] = c.between;
    const a = set.indexOfName(na);
    const b = set.indexOfName(nb);
    if (a === undefined || b === undefined) {
      problems.push({ index, message: `no uncertain input is named ${a === undefined ? na : nb}` });
      return;
    }
    for (const v of [a, b]) if (!parent.has(v)) parent.set(v, v);
    parent.set(find(a), find(b));
    pairs.push({ a, b, rho: c.rho, index });
  });
  const members = new Map<number, number[]>();
  // Members in key order, so that a group (and its Iman–Conover draws) does not depend on the order of scenarios.
  const byKey = (x: number, y: number) => (set.variables[x].key < set.variables[y].key ? -1 : set.variables[x].key > set.variables[y].key ? 1 : 0);
  for (const v of [...parent.keys()].sort(byKey)) {
    const root = find(v);
    if (!members.has(root)) members.set(root, []);
    members.get(root)!.push(v);
  }
  const groups: CorrelationGroup[] = [];
  for (const vars of members.values()) {
    const k = vars.length;
    const target = new Float64Array(k * k);
    const normalScores = new Float64Array(k * k);
    for (let i = 0; i < k; i++) target[i * k + i] = normalScores[i * k + i] = 1;
    const owner = new Map<string, number>();
    for (const p of pairs) {
      const i = vars.indexOf(p.a);
      const j = vars.indexOf(p.b);
      if (i < 0) continue;
      target[i * k + j] = target[j * k + i] = p.rho;
      normalScores[i * k + j] = normalScores[j * k + i] = spearmanToNormalScoreCorrelation(p.rho);
      owner.set(`${Math.max(i, j)},${Math.min(i, j)}`, p.index);
    }
    const check = cholesky(normalScores, k);
    if ('failedRow' in check) {
      const row = check.failedRow;
      let worst = -1;
      let worstAbs = -1;
      for (let j = 0; j < row; j++) {
        const key = `${row},${j}`;
        if (owner.has(key) && Math.abs(target[row * k + j]) > worstAbs) {
          worstAbs = Math.abs(target[row * k + j]);
          worst = j;
        }
      }
      const index = owner.get(`${row},${worst}`) ?? 0;
      const names = [set.variables[vars[worst]]?.name, set.variables[vars[row]].name];
      problems.push({
        index,
        message: `the correlations are not positive semi-definite: ${names[0]} ~ ${names[1]} (${target[row * k + worst]}) is inconsistent with the other correlations of these inputs`,
      });
      continue;
    }
    groups.push({ variables: vars, target, key: vars.map((v) => set.variables[v].key).join('|') });
  }
  return { groups, problems };
}
