/**
 * Correlation groups (engine/sampling/correlation.ts) against an oracle written
 * separately here: connected components by breadth-first search over the
 * accepted pairs, dense target matrices and a textbook positive-definiteness
 * test (all leading principal minors positive, by Gaussian elimination). Plus
 * the shapes a hostile proposal uses: a 50,000-link chain (a cubic algorithm
 * would need a 20 GB matrix), 20,000 disjoint pairs, a star, and the group cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CORRELATION_GROUP_SIZE } from '../../engine/constants.js';
import type { Proposal, Quantity } from '../../engine/model/proposal.js';
import { correlationGroups } from '../../engine/sampling/correlation.js';
import { spearmanToNormalScoreCorrelation } from '../../engine/sampling/samplers.js';
import { VariableSet } from '../../engine/sampling/variables.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

const base = normalizeProposal({
  customer: { name: 'c' },
  scenarios: [{ id: 's', name: 's', benefits: [{ kind: 'custom', quantityPerMonth: 1, unitValue: 1 }] }],
});

/** An engine-level proposal with `n` uniform shared assumptions x0 … x(n−1) and the given correlations (no schema caps). */
function proposalWith(n: number, correlations: { between: [string, string]; rho: number }[]): Proposal {
  const assumptions: Record<string, Quantity> = {};
  for (let i = 0; i < n; i++) assumptions[`x${i}`] = { dist: { family: 'uniform', min: 0, max: 1 } };
  return { ...base, assumptions, correlations };
}

/** Whether a symmetric matrix is positive definite: every pivot of Gaussian elimination without pivoting is positive. */
function positiveDefinite(m: number[][]): boolean {
  const a = m.map((row) => [...row]);
  const k = a.length;
  for (let p = 0; p < k; p++) {
    if (!(a[p][p] > 1e-12)) return false;
    for (let i = p + 1; i < k; i++) {
      const f = a[i][p] / a[p][p];
      for (let j = p; j < k; j++) a[i][j] -= f * a[p][j];
    }
  }
  return true;
}

interface OracleGroup {
  keys: string[];
  target: number[][];
}

/** The oracle: groups of the accepted pairs (all of them: the generated instances stay under the cap). */
function oracle(p: Proposal, set: VariableSet): { groups: OracleGroup[]; inconsistent: number } {
  const adjacency = new Map<number, number[]>();
  const rho = new Map<string, number>();
  for (const c of p.correlations) {
    const a = set.indexOfName(c.between[0])!;
    const b = set.indexOfName(c.between[1])!;
    adjacency.set(a, [...(adjacency.get(a) ?? []), b]);
    adjacency.set(b, [...(adjacency.get(b) ?? []), a]);
    rho.set(`${a},${b}`, c.rho);
    rho.set(`${b},${a}`, c.rho);
  }
  const seen = new Set<number>();
  const components: number[][] = [];
  for (const start of adjacency.keys()) {
    if (seen.has(start)) continue;
    const queue = [start];
    seen.add(start);
    const members: number[] = [];
    while (queue.length) {
      const v = queue.shift()!;
      members.push(v);
      for (const w of adjacency.get(v)!) if (!seen.has(w)) (seen.add(w), queue.push(w));
    }
    members.sort((x, y) => (set.variables[x].key < set.variables[y].key ? -1 : 1));
    components.push(members);
  }
  // Groups are listed in the order of their first member's key.
  components.sort((x, y) => (set.variables[x[0]].key < set.variables[y[0]].key ? -1 : 1));
  const groups: OracleGroup[] = [];
  let inconsistent = 0;
  for (const members of components) {
    const target = members.map((a) => members.map((b) => (a === b ? 1 : (rho.get(`${a},${b}`) ?? 0))));
    const normal = target.map((row, i) => row.map((r, j) => (i === j ? 1 : spearmanToNormalScoreCorrelation(r))));
    if (positiveDefinite(normal)) groups.push({ keys: members.map((v) => set.variables[v].key), target });
    else inconsistent++;
  }
  return { groups, inconsistent };
}

describe('correlation groups against a separately written oracle', () => {
  it('random sparse and dense correlation graphs (seeded): the same groups, matrices and inconsistencies', () => {
    const instance = fc
      .integer({ min: 2, max: 30 })
      .chain((n) =>
        fc.record({
          n: fc.constant(n),
          edges: fc.uniqueArray(
            fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.double({ min: -0.95, max: 0.95, noNaN: true })),
            { maxLength: 3 * n, selector: ([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}` },
          ),
        }),
      );
    fc.assert(
      fc.property(instance, ({ n, edges }) => {
        const correlations = edges.filter(([a, b]) => a !== b).map(([a, b, r]) => ({ between: [`x${a}`, `x${b}`] as [string, string], rho: r }));
        const p = proposalWith(n, correlations);
        const set = new VariableSet(p);
        const got = correlationGroups(p, set);
        const want = oracle(p, set);
        expect(got.problems.length).toBe(want.inconsistent);
        for (const problem of got.problems) expect(problem.message).toMatch(/not positive semi-definite/);
        expect(got.groups.map((g) => g.variables.map((v) => set.variables[v].key))).toEqual(want.groups.map((g) => g.keys));
        got.groups.forEach((g, i) => {
          const k = g.variables.length;
          const dense = Array.from({ length: k }, (_, r) => Array.from(g.target.subarray(r * k, r * k + k)));
          expect(dense).toEqual(want.groups[i].target);
          expect(g.key).toBe(want.groups[i].keys.join('|'));
        });
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});

describe('hostile shapes stay linear and capped', () => {
  it(`a 50,000-link chain: cut into groups of ${MAX_CORRELATION_GROUP_SIZE}, one problem per link that would exceed the cap, naming it`, () => {
    const n = 50_001;
    const k = MAX_CORRELATION_GROUP_SIZE;
    const correlations = Array.from({ length: n - 1 }, (_, i) => ({ between: [`x${i}`, `x${i + 1}`] as [string, string], rho: 0.1 }));
    const p = proposalWith(n, correlations);
    const set = new VariableSet(p);
    const { groups, problems } = correlationGroups(p, set);
    // Links in order: 31 build a group of 32; the next would make it 33 and is refused, so x32 starts the next group.
    const expectedGroups = Math.ceil(n / k);
    expect(groups).toHaveLength(expectedGroups);
    // Groups come in key order; every one holds k inputs but the chain's tail.
    const sizes = groups.map((g) => g.variables.length).sort((a, b) => b - a);
    expect(sizes).toEqual([...Array(expectedGroups - 1).fill(k), n - k * (expectedGroups - 1)]);
    expect(problems.map((x) => x.index)).toEqual(Array.from({ length: expectedGroups - 1 }, (_, j) => (j + 1) * k - 1));
    expect(problems[0].message).toMatch(new RegExp(`^x${k - 1} ~ x${k} would join ${k + 1} inputs into one correlated group; at most ${k} inputs`));
  });

  it('20,000 disjoint pairs: 20,000 groups of two, no problem', () => {
    const pairs = 20_000;
    const correlations = Array.from({ length: pairs }, (_, i) => ({ between: [`x${2 * i}`, `x${2 * i + 1}`] as [string, string], rho: 0.5 }));
    const p = proposalWith(2 * pairs, correlations);
    const { groups, problems } = correlationGroups(p, new VariableSet(p));
    expect(problems).toEqual([]);
    expect(groups).toHaveLength(pairs);
    for (const g of groups) expect(Array.from(g.target)).toEqual([1, 0.5, 0.5, 1]);
  });

  it('a group of exactly the cap is accepted; a star whose hub would exceed it is cut at the cap', () => {
    const k = MAX_CORRELATION_GROUP_SIZE;
    const star = (spokes: number) => Array.from({ length: spokes }, (_, i) => ({ between: ['x0', `x${i + 1}`] as [string, string], rho: 0.05 }));
    const atCap = proposalWith(k, star(k - 1));
    const ok = correlationGroups(atCap, new VariableSet(atCap));
    expect(ok.problems).toEqual([]);
    expect(ok.groups[0].variables).toHaveLength(k);
    const over = proposalWith(k + 5, star(k + 4));
    const cut = correlationGroups(over, new VariableSet(over));
    expect(cut.problems.map((x) => x.index)).toEqual([k - 1, k, k + 1, k + 2, k + 3]);
    expect(cut.groups[0].variables).toHaveLength(k);
  });

  it('two groups joined by one link: the join is measured on both sizes', () => {
    const half = MAX_CORRELATION_GROUP_SIZE / 2;
    const chain = (from: number, length: number) => Array.from({ length: length - 1 }, (_, i) => ({ between: [`x${from + i}`, `x${from + i + 1}`] as [string, string], rho: 0.1 }));
    const joined = [...chain(0, half), ...chain(half, half + 1), { between: ['x0', `x${half}`] as [string, string], rho: 0.1 }];
    const p = proposalWith(2 * half + 1, joined);
    const { problems } = correlationGroups(p, new VariableSet(p));
    expect(problems).toHaveLength(1);
    expect(problems[0].index).toBe(joined.length - 1);
    expect(problems[0].message).toMatch(new RegExp(`would join ${2 * half + 1} inputs`));
  });
});
