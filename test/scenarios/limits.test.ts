/**
 * The proposal's size limits (scenarios/limits.ts): each array at its limit is
 * accepted, one past it is an INVALID_PROPOSAL problem at that array's path
 * that names the limit.
 */
import { describe, expect, it } from 'vitest';
import { ClosedloopError } from '../../engine/errors.js';
import {
  MAX_ASSUMPTIONS,
  MAX_BENEFITS_PER_SCENARIO,
  MAX_CORRELATIONS,
  MAX_COSTS_PER_SCENARIO,
  MAX_DISCRETE_VALUES,
  MAX_EXPANSIONS_PER_LINE,
  MAX_SCENARIOS,
  MAX_SHARED_COMPONENTS,
  MAX_STAGES_PER_SCENARIO,
} from '../../scenarios/limits.js';
import { normalizeProposal } from '../../scenarios/normalize.js';

type Doc = Record<string, any>;

const benefit = (i = 0) => ({ kind: 'custom', label: `line ${i}`, quantityPerMonth: 10, unitValue: { min: 1, mode: 2, max: 3 } });
const scenario = (id: string): Doc => ({ id, name: id, benefits: [benefit()] });
const base = (): Doc => ({ customer: { name: 'Limits' }, scenarios: [scenario('s0')] });

/** The problems of a document, [] when it is valid. */
function problemsOf(doc: Doc): { path: string; message: string }[] {
  try {
    normalizeProposal(doc);
    return [];
  } catch (e) {
    if (e instanceof ClosedloopError) return e.problems;
    throw e;
  }
}

interface Case {
  name: string;
  limit: number;
  /** The document with `count` entries in the limited array. */
  build: (count: number) => Doc;
  path: string;
}

const cases: Case[] = [
  { name: 'scenarios', limit: MAX_SCENARIOS, path: 'scenarios', build: (n) => ({ ...base(), scenarios: Array.from({ length: n }, (_, i) => scenario(`s${i}`)) }) },
  {
    name: 'shared assumptions',
    limit: MAX_ASSUMPTIONS,
    path: 'assumptions',
    build: (n) => ({ ...base(), assumptions: Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, { min: 1, mode: 2, max: 3 }])) }),
  },
  {
    name: 'correlations',
    limit: MAX_CORRELATIONS,
    path: 'correlations',
    // The first n pairs of a clique of 25 inputs (300 pairs), rho small enough to stay positive definite.
    build: (n) => {
      const k = 25;
      const assumptions = Object.fromEntries(Array.from({ length: k }, (_, i) => [`a${i}`, { min: 1, mode: 2, max: 3 }]));
      const correlations = [];
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) correlations.push({ between: [`a${i}`, `a${j}`], rho: 0.02 });
      return { ...base(), assumptions, correlations: correlations.slice(0, n) };
    },
  },
  { name: 'benefit lines', limit: MAX_BENEFITS_PER_SCENARIO, path: 'scenarios[s0].benefits', build: (n) => ({ ...base(), scenarios: [{ ...scenario('s0'), benefits: Array.from({ length: n }, (_, i) => benefit(i)) }] }) },
  {
    name: 'cost lines',
    limit: MAX_COSTS_PER_SCENARIO,
    path: 'scenarios[s0].costs',
    build: (n) => ({ ...base(), scenarios: [{ ...scenario('s0'), costs: Array.from({ length: n }, (_, i) => ({ kind: 'recurring', label: `c${i}`, monthly: 10 })) }] }),
  },
  {
    name: 'expansions',
    limit: MAX_EXPANSIONS_PER_LINE,
    path: 'scenarios[s0].benefits[0].expansions',
    build: (n) => ({ ...base(), scenarios: [{ ...scenario('s0'), benefits: [{ ...benefit(), expansions: Array.from({ length: n }, (_, i) => ({ month: i + 1, factor: 1.1 })) }] }] }),
  },
  {
    name: 'stages',
    limit: MAX_STAGES_PER_SCENARIO,
    path: 'scenarios[s0].stages',
    build: (n) => ({
      ...base(),
      scenarios: [{ ...scenario('s0'), stages: Array.from({ length: n }, (_, i) => ({ id: `st${i}`, implementationMonths: 3, cost: 1000, benefitShare: 1 / MAX_STAGES_PER_SCENARIO / 2 })) }],
    }),
  },
  {
    name: 'shared components',
    limit: MAX_SHARED_COMPONENTS,
    path: 'roadmap.sharedComponents',
    build: (n) => ({ ...base(), roadmap: { sharedComponents: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `c${i}`, cost: 1000, usedBy: ['s0'] })) } }),
  },
  {
    name: 'discrete values',
    limit: MAX_DISCRETE_VALUES,
    path: 'assumptions.d.values',
    build: (n) => ({ ...base(), assumptions: { d: { dist: 'discrete', values: Array.from({ length: n }, (_, i) => i) } } }),
  },
];

describe('proposal size limits', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.limit.toLocaleString('en-US')} accepted, ${(c.limit + 1).toLocaleString('en-US')} rejected at ${c.path}`, () => {
      expect(problemsOf(c.build(c.limit))).toEqual([]);
      const problems = problemsOf(c.build(c.limit + 1));
      expect(problems).toContainEqual({ path: c.path, message: expect.stringContaining(`at most ${c.limit.toLocaleString('en-US')}`) });
    });
  }
});
