import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeProposal } from '../../scenarios/normalize.js';
import type { Template } from '../../scenarios/template.js';
import { TEMPLATES, findTemplate } from '../../scenarios/templates/index.js';

const DEMO_PATH = new URL('../../fixtures/demo.json', import.meta.url);
const loadDemo = (): any => JSON.parse(readFileSync(DEMO_PATH, 'utf8'));

/** The seven use cases of the library, in the order the registry lists them. */
const EXPECTED_IDS = [
  'om-design-review',
  'remote-banking-assistant',
  'claims-risk-identification',
  'ecommerce-service-assistant',
  'mixed-model-quality-inspection',
  'legal-case-assistant',
  'enterprise-knowledge-platform',
];

/** A minimal proposal around some scenarios (every other field takes its default). */
const wrap = (...scenarios: unknown[]) => ({ customer: { name: 'Template check' }, scenarios });

/** The value at a path such as "benefits[0].expansions[0].factor", or undefined when any step is missing. */
function at(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const step of path.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = /^\d+$/.test(step) ? Number(step) : step;
    if (Array.isArray(node) !== (typeof key === 'number')) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** True when some object in the tree has a `ref` key (a shared-assumption reference). */
function hasRef(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (!Array.isArray(node) && 'ref' in node) return true;
  return Object.values(node).some(hasRef);
}

describe('template library', () => {
  it('registers the seven use cases in order, with unique ids', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(EXPECTED_IDS);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    expect(new Set(TEMPLATES.map((t) => t.scenario.id)).size).toBe(TEMPLATES.length);
  });

  it('findTemplate finds each template by id and nothing else', () => {
    for (const t of TEMPLATES) expect(findTemplate(t.id)).toBe(t);
    expect(findTemplate('no-such-template')).toBeUndefined();
  });

  describe.each(TEMPLATES.map((t) => [t.id, t] as [string, Template]))('%s', (id, t) => {
    it('suggests its own id as the scenario id', () => {
      expect(t.scenario.id).toBe(id);
    });

    it('has a title and summary in en and zh-CN', () => {
      for (const text of [t.title.en, t.title['zh-CN'], t.summary.en, t.summary['zh-CN']]) expect(text.trim().length).toBeGreaterThan(0);
    });

    it('cites at least one source, each saying what it grounds', () => {
      expect(t.sources.length).toBeGreaterThan(0);
      for (const s of t.sources) {
        expect(s.ref.trim().length).toBeGreaterThan(0);
        expect(s.grounds.trim().length).toBeGreaterThan(0);
      }
    });

    it('lists illustrative inputs that exist in the scenario, once each', () => {
      expect(new Set(t.illustrative).size).toBe(t.illustrative.length);
      for (const path of t.illustrative) {
        const value = at(t.scenario, path);
        expect(value, `${id}: illustrative path ${path}`).toBeDefined();
        expect(['number', 'object'], `${id}: ${path} is not an input`).toContain(typeof value);
        expect(Array.isArray(value), `${id}: ${path} is a list, not an input`).toBe(false);
      }
    });

    it('uses no shared-assumption refs (it must validate on its own)', () => {
      expect(hasRef(t.scenario)).toBe(false);
    });

    it('passes normalizeProposal on its own', () => {
      const p = normalizeProposal(wrap(t.scenario));
      expect(p.scenarios).toHaveLength(1);
      expect(p.scenarios[0].id).toBe(id);
      expect(p.scenarios[0].benefits).toHaveLength(t.scenario.benefits.length);
    });

    it('passes normalizeProposal when a proposal names only the template', () => {
      const p = normalizeProposal(wrap({ template: id, id: 'x', name: 'X' }));
      expect(p.scenarios).toHaveLength(1);
      expect(p.scenarios[0]).toMatchObject({ id: 'x', name: 'X', template: id });
      expect(p.scenarios[0].benefits).toHaveLength(t.scenario.benefits.length);
      expect(p.scenarios[0].costs).toHaveLength(t.scenario.costs?.length ?? 0);
    });
  });

  it('all templates validate together in one proposal', () => {
    const p = normalizeProposal(wrap(...TEMPLATES.map((t) => t.scenario)));
    expect(p.scenarios.map((s) => s.id)).toEqual(EXPECTED_IDS);
  });
});

describe('fixtures/demo.json', () => {
  it('passes normalizeProposal', () => {
    const p = normalizeProposal(loadDemo());
    expect(p.scenarios).toHaveLength(7);
    expect(p.currency).toBe('CNY');
    expect(p.horizonMonths).toBe(60);
    expect(p.discountRate).toBe(0.08);
    expect(p.correlations.length).toBeGreaterThanOrEqual(1);
  });

  it('has one scenario per template, with unique ids', () => {
    const raw = loadDemo();
    const templates = raw.scenarios.map((s: { template?: string }) => s.template);
    expect([...templates].sort()).toEqual([...EXPECTED_IDS].sort());
    const ids = raw.scenarios.map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes every scenario out in full rather than leaning on its template', () => {
    for (const s of loadDemo().scenarios) {
      const t = findTemplate(s.template)!;
      for (const key of Object.keys(t.scenario)) expect(s, `${s.id} lacks ${key}`).toHaveProperty(key);
      expect(s.benefits).toHaveLength(t.scenario.benefits.length);
      expect(s.costs).toHaveLength(t.scenario.costs?.length ?? 0);
    }
  });

  it('states its policy explicitly', () => {
    const { policy } = loadDemo();
    expect(policy).toMatchObject({ paybackMonths: 12, considerMonths: 60, confidence: 0.8, budget: { min: 500000, max: 2000000 }, phaseMonths: { min: 3, max: 6 } });
  });
});
