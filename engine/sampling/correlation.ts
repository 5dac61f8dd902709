import { MAX_CORRELATION_GROUP_SIZE } from '../constants.js';
import type { Proposal } from '../model/proposal.js';
import { cholesky, spearmanToNormalScoreCorrelation } from './samplers.js';
import type { CorrelationGroup, VariableSet } from './variables.js';

/** A correlation problem found while grouping: which entry and why. */
export interface CorrelationProblem {
  index: number;
  message: string;
}

/** One accepted correlation entry: its two variables, its rho and where it was written. */
interface Pair {
  a: number;
  b: number;
  rho: number;
  index: number;
}

/**
 * Groups the proposal's correlations into connected sets of variables, each with
 * its target Spearman matrix (unlisted pairs 0), and checks that each matrix is
 * positive definite once mapped to normal scores. When one is not, the problem
 * names the pair that completes the inconsistency: the first pair of the row
 * where the Cholesky factorisation fails with the largest correlation.
 *
 * Work is linear in the number of correlations plus Σ k³ over the groups
 * (k ≤ MAX_CORRELATION_GROUP_SIZE): variables are joined by union–find (path
 * halving, union by size), each pair is filed under its group once, and only
 * connected groups get a matrix. A correlation that would make a group larger
 * than the cap is a problem (and is left out), so a long chain of correlations
 * costs a problem per extra link, never a k×k matrix of the whole chain.
 * @example correlationGroups(proposal, new VariableSet(proposal)).problems // [] when consistent
 */
export function correlationGroups(
  proposal: Proposal,
  set: VariableSet,
): { groups: CorrelationGroup[]; problems: CorrelationProblem[] } {
  const problems: CorrelationProblem[] = [];
  // Union–find over variable indices; -1: not (yet) in any correlation.
  const parent = new Int32Array(set.variables.length).fill(-1);
  const size = new Int32Array(set.variables.length);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const pairs: Pair[] = [];
  proposal.correlations.forEach((c, index) => {
    const [na, nb] = c.between;
    const a = set.indexOfName(na);
    const b = set.indexOfName(nb);
    if (a === undefined || b === undefined) {
      problems.push({ index, message: `no uncertain input is named ${a === undefined ? na : nb}` });
      return;
    }
    // A variable joins the union–find with its first accepted correlation.
    let ra = parent[a] === -1 ? a : find(a);
    let rb = parent[b] === -1 ? b : find(b);
    if (ra !== rb) {
      const joined = (parent[ra] === -1 ? 1 : size[ra]) + (parent[rb] === -1 ? 1 : size[rb]);
      if (joined > MAX_CORRELATION_GROUP_SIZE) {
        problems.push({
          index,
          message: `${na} ~ ${nb} would join ${joined} inputs into one correlated group; at most ${MAX_CORRELATION_GROUP_SIZE} inputs can be correlated together: remove correlations to split the group, or model their common driver as one shared assumption`,
        });
        return;
      }
    }
    for (const v of [a, b]) {
      if (parent[v] === -1) {
        parent[v] = v;
        size[v] = 1;
      }
    }
    if (ra !== rb) {
      if (size[ra] < size[rb]) [ra, rb] = [rb, ra];
      parent[rb] = ra;
      size[ra] += size[rb];
    }
    pairs.push({ a, b, rho: c.rho, index });
  });

  // Members of each group in key order, so that a group (and its Iman–Conover draws) does not depend on the order of scenarios.
  const byKey = (x: number, y: number) => (set.variables[x].key < set.variables[y].key ? -1 : set.variables[x].key > set.variables[y].key ? 1 : 0);
  const correlated: number[] = [];
  for (let v = 0; v < parent.length; v++) if (parent[v] !== -1) correlated.push(v);
  correlated.sort(byKey);
  const members = new Map<number, number[]>();
  // Position of each variable inside its group's matrix.
  const position = new Int32Array(set.variables.length);
  for (const v of correlated) {
    const root = find(v);
    let vars = members.get(root);
    if (!vars) members.set(root, (vars = []));
    position[v] = vars.length;
    vars.push(v);
  }
  const pairsOf = new Map<number, Pair[]>();
  for (const p of pairs) {
    const root = find(p.a);
    let list = pairsOf.get(root);
    if (!list) pairsOf.set(root, (list = []));
    list.push(p);
  }

  const groups: CorrelationGroup[] = [];
  for (const [root, vars] of members) {
    const problem = groupProblem(vars, pairsOf.get(root) ?? [], position, set);
    if (problem) problems.push(problem);
    else groups.push({ variables: vars, target: targetMatrix(vars.length, pairsOf.get(root) ?? [], position), key: vars.map((v) => set.variables[v].key).join('|') });
  }
  return { groups, problems };
}

/** The k×k target Spearman matrix of a group (row-major, unit diagonal, unlisted pairs 0). */
function targetMatrix(k: number, pairs: readonly Pair[], position: Int32Array): Float64Array {
  const target = new Float64Array(k * k);
  for (let i = 0; i < k; i++) target[i * k + i] = 1;
  for (const p of pairs) {
    const i = position[p.a];
    const j = position[p.b];
    target[i * k + j] = target[j * k + i] = p.rho;
  }
  return target;
}

/**
 * Null when the group's normal-score matrix is positive definite; else the
 * problem naming the pair that completes the inconsistency (the largest listed
 * correlation of the row where the Cholesky factorisation fails).
 */
function groupProblem(vars: readonly number[], pairs: readonly Pair[], position: Int32Array, set: VariableSet): CorrelationProblem | null {
  const k = vars.length;
  const normalScores = new Float64Array(k * k);
  for (let i = 0; i < k; i++) normalScores[i * k + i] = 1;
  // owner[row * k + column] (row > column): the correlation entry that set the pair, + 1 (0: none).
  const owner = new Int32Array(k * k);
  const target = new Float64Array(k * k);
  for (const p of pairs) {
    const i = position[p.a];
    const j = position[p.b];
    target[i * k + j] = target[j * k + i] = p.rho;
    normalScores[i * k + j] = normalScores[j * k + i] = spearmanToNormalScoreCorrelation(p.rho);
    owner[Math.max(i, j) * k + Math.min(i, j)] = p.index + 1;
  }
  const check = cholesky(normalScores, k);
  if (!('failedRow' in check)) return null;
  const row = check.failedRow;
  let worst = -1;
  let worstAbs = -1;
  for (let j = 0; j < row; j++) {
    if (owner[row * k + j] !== 0 && Math.abs(target[row * k + j]) > worstAbs) {
      worstAbs = Math.abs(target[row * k + j]);
      worst = j;
    }
  }
  const index = worst >= 0 ? owner[row * k + worst] - 1 : 0;
  const names = [set.variables[vars[worst]]?.name, set.variables[vars[row]].name];
  return {
    index,
    message: `the correlations are not positive semi-definite: ${names[0]} ~ ${names[1]} (${target[row * k + worst]}) is inconsistent with the other correlations of these inputs`,
  };
}
