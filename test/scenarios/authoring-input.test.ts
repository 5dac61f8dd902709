/**
 * Authoring (issue 15): numbers as people write them, errors that say how to
 * fix them (did you mean, line and column, scenario ids), every problem of a
 * file in one pass, and warnings for slips of scale.
 */
import { describe, expect, it } from 'vitest';
import { ClosedloopError, type Problem } from '../../engine/errors.js';
import { readProposalText } from '../../scenarios/load.js';
import { readNumberText } from '../../scenarios/number-text.js';
import { parseQuantity } from '../../scenarios/quantity-schema.js';
import { closest, editDistance } from '../../scenarios/did-you-mean.js';

function problemsOf(text: string, source: string): Problem[] {
  try {
    readProposalText(text, source);
  } catch (e) {
    if (e instanceof ClosedloopError) return e.problems;
    throw e;
  }
  throw new Error('expected the proposal to be invalid');
}

/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('numbers written as text', () => {
  // The documented table of docs/proposal-format.md, "Numbers as text".
  const forms: [string, number][] = [
    ['50万', 500_000],
    ['1.2亿', 120_000_000],
    ['¥500,000', 500_000],
    ['1,200', 1200],
    ['8%', 0.08],
    ['75%', 0.75],
    ['3k', 3000],
    ['¥ 50万', 500_000],
    ['200万元', 2_000_000],
    ['-1,200.5', -1200.5],
    ['0.9', 0.9],
  ];
  it.each(forms)('%s is %d', (text, value) => {
    expect(readNumberText(text)).toBe(value);
  });

  it('leaves text that is not a number alone', () => {
    for (const t of ['abc', '1,20', '12 per month', '1e5', '', '5O', '50 万 元 元']) expect(readNumberText(t), t).toBeNull();
  });

  it('reads text inside distributions and keeps the written form', () => {
    const r = parseQuantity({ p5: '50万', p95: '500万' }, 'nonNegative');
    expect('quantity' in r).toBe(true);
    if (!('quantity' in r)) return;
    expect(r.quantity).toMatchObject({ dist: { family: 'lognormal' }, written: { form: 'lognormal-interval', params: { p5: 500_000, p95: 5_000_000 } } });
    expect(r.readings.map((x) => x.reading)).toEqual([
      { text: '50万', value: 500_000 },
      { text: '500万', value: 5_000_000 },
    ]);
  });

  it('gives the same input hash for a proposal written with text numbers and with plain numbers', () => {
    const plain = readProposalText(yamlProposal({ amount: '500000', reduction: '0.75', rate: '0.08' }), 'plain.yaml');
    const text = readProposalText(yamlProposal({ amount: '50万', reduction: '"75%"', rate: '8%' }), 'text.yaml', { readings: true });
    expect(text.proposal.inputHash).toBe(plain.proposal.inputHash);
    expect(text.readings.map((r) => [r.path, r.value])).toEqual(
      expect.arrayContaining([
        ['discountRate', 0.08],
        ['scenarios[a].benefits[0].reduction', 0.75],
        ['scenarios[a].costs[0].amount', 500_000],
      ]),
    );
    expect(text.readings.find((r) => r.path === 'scenarios[a].costs[0].amount')?.line).toBe(lineOf(yamlProposal({ amount: '50万', reduction: '"75%"', rate: '8%' }), 'amount:'));
  });
});

function yamlProposal(v: { amount: string; reduction: string; rate: string }): string {
  return `customer:
  name: Text numbers
discountRate: ${v.rate}
scenarios:
  - id: a
    name: A
    benefits:
      - kind: errorReduction
        volumePerMonth: 1,200
        errorRate: 0.05
        reduction: ${v.reduction}
        costPerError: ¥150
    costs:
      - kind: oneOff
        amount: ${v.amount}
`.replace('volumePerMonth: 1,200', v.amount === '500000' ? 'volumePerMonth: 1200' : 'volumePerMonth: 1,200').replace('costPerError: ¥150', v.amount === '500000' ? 'costPerError: 150' : 'costPerError: ¥150');
}

describe('did you mean', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('minutesBefor', 'minutesBefore')).toBe(1);
    expect(editDistance('upfrnot', 'upfront')).toBe(1);
    expect(editDistance('upfrnt', 'upfront')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only names that are close', () => {
    expect(closest('minutesBefor', ['minutesBefore', 'minutesAfter'])).toBe('minutesBefore');
    expect(closest('cost', ['fte', 'kind'])).toBeNull();
    expect(closest('claims', ['claims-risk-identification', 'om-design-review'])).toBe('claims-risk-identification');
  });
});

/** Five independent mistakes in one YAML file: each must be reported, with its hint and line, in one pass. */
const FIVE_MISTAKES = `customer:
  name: Five mistakes
discountRate: 8
assumptions:
  tasksPerMonth: {min: 800, mode: 1200, max: 2000}
scenarios:
  - id: om-review
    name: O&M review
    requires: [claims-risks]
    benefits:
      - kind: timeSavings
        volumePerMonth: {ref: tasksPerMonh}
        minutesBefor: 30
        minutesAfter: 10
        costPerHour: 80
      - kind: errorReduction
        volumePerMonth: 1,200
        errorRate: 5%
        reduction: {min: 80, mode: 90, max: 95}
        costPerError: ¥150
    costs:
      - kind: oneOff
        amount: 50万
  - id: claims-risk
    name: Claims
    benefits:
      - kind: custom
        quantityPerMonth: 10
        unitValue: 100
`;

describe('a file with five independent mistakes', () => {
  const expected = [
    { path: 'discountRate', words: ['did you mean 0.08?'], line: lineOf(FIVE_MISTAKES, 'discountRate') },
    { path: 'scenarios[om-review].requires[0]', words: ['"claims-risks"', 'did you mean "claims-risk"?'], line: lineOf(FIVE_MISTAKES, 'requires') },
    { path: 'scenarios[om-review].benefits[0].volumePerMonth', words: ['"tasksPerMonh"', 'did you mean "tasksPerMonth"?'], line: lineOf(FIVE_MISTAKES, 'tasksPerMonh') },
    { path: 'scenarios[om-review].benefits[0].minutesBefor', words: ['unknown key', 'did you mean "minutesBefore"?'], line: lineOf(FIVE_MISTAKES, 'minutesBefor') },
    { path: 'scenarios[om-review].benefits[1].reduction', words: ['[0, 1]', 'did you mean {min: 0.8, mode: 0.9, max: 0.95}?'], line: lineOf(FIVE_MISTAKES, 'reduction') },
  ];

  it('YAML: all five, each with its hint and its line, and no knock-on "required" for minutesBefore', () => {
    const problems = problemsOf(FIVE_MISTAKES, 'five.yaml');
    for (const e of expected) {
      const p = problems.find((x) => x.path === e.path);
      expect(p, `${e.path} in ${JSON.stringify(problems, null, 1)}`).toBeDefined();
      for (const w of e.words) expect(p!.message).toContain(w);
      expect(p!.line, e.path).toBe(e.line);
      expect(p!.column).toBeGreaterThan(0);
    }
    expect(problems).toHaveLength(5);
  });

  it('JSON: the same five with their JSON lines and columns', () => {
    const raw = {
      customer: { name: 'Five mistakes' },
      discountRate: 8,
      assumptions: { tasksPerMonth: { min: 800, mode: 1200, max: 2000 } },
      scenarios: [
        {
          id: 'om-review',
          name: 'O&M review',
          requires: ['claims-risks'],
          benefits: [
            { kind: 'timeSavings', volumePerMonth: { ref: 'tasksPerMonh' }, minutesBefor: 30, minutesAfter: 10, costPerHour: 80 },
            { kind: 'errorReduction', volumePerMonth: '1,200', errorRate: '5%', reduction: { min: 80, mode: 90, max: 95 }, costPerError: '¥150' },
          ],
          costs: [{ kind: 'oneOff', amount: '50万' }],
        },
        { id: 'claims-risk', name: 'Claims', benefits: [{ kind: 'custom', quantityPerMonth: 10, unitValue: 100 }] },
      ],
    };
    const text = JSON.stringify(raw, null, 2);
    const problems = problemsOf(text, 'five.json');
    expect(problems).toHaveLength(5);
    const at = (path: string) => problems.find((p) => p.path === path)!;
    expect(at('discountRate').line).toBe(lineOf(text, '"discountRate"'));
    expect(at('scenarios[om-review].requires[0]').line).toBe(lineOf(text, '"claims-risks"'));
    expect(at('scenarios[om-review].benefits[0].minutesBefor')).toMatchObject({ line: lineOf(text, '"minutesBefor"'), column: text.split('\n')[lineOf(text, '"minutesBefor"') - 1].indexOf('"minutesBefor"') + 1 });
    expect(at('scenarios[om-review].benefits[1].reduction').line).toBe(lineOf(text, '"reduction"'));
  });

  it('reference checks run even when the schema fails elsewhere (an unknown template and a bad requires)', () => {
    const text = `customer: {name: X}
scenarios:
  - id: a
    name: A
    template: om-design-reviw
    requires: [b]
    benefits: []
`;
    const problems = problemsOf(text, 'refs.yaml');
    expect(problems.find((p) => p.path === 'scenarios[a].template')?.message).toContain('did you mean "om-design-review"?');
    expect(problems.find((p) => p.path === 'scenarios[a].requires[0]')?.message).toContain('no scenario has the id "b"');
    expect(problems.find((p) => p.path === 'scenarios[a].benefits')).toBeDefined();
  });

  it('an enum value with a typo gets the closest value', () => {
    const text = FIVE_MISTAKES.replace('        amount: 50万', '        amount: 50万\n        timing: upfrnt');
    const p = problemsOf(text, 'timing.yaml').find((x) => x.path === 'scenarios[om-review].costs[0].timing');
    expect(p?.message).toContain('did you mean "upfront"?');
    expect(p?.line).toBe(lineOf(text, 'timing: upfrnt'));
  });

  it('a fixed fraction written as a percentage', () => {
    const text = FIVE_MISTAKES.replace('errorRate: 5%', 'errorRate: 5');
    expect(problemsOf(text, 'f.yaml').find((x) => x.path === 'scenarios[om-review].benefits[1].errorRate')?.message).toContain('did you mean 0.05?');
  });
});

describe('slips of scale', () => {
  const base = (extra: string, amount = '80000') => `customer: {name: Scale}
${extra}
scenarios:
  - id: a
    name: A
    benefits:
      - {kind: custom, quantityPerMonth: 10, unitValue: 1000, growthPerYear: 0.1}
    costs:
      - {kind: oneOff, amount: ${amount}}
`;
  it('a ¥200 budget ceiling (written in 万) is flagged with ¥2,000,000', () => {
    const { warnings } = readProposalText(base('policy: {budget: {min: 50, max: 200}}'), 's.yaml');
    const ceiling = warnings.find((w) => w.path === 'policy.budget.max');
    expect(ceiling?.message).toContain('did you mean ¥2,000,000 (200万)?');
    expect(ceiling?.line).toBe(2);
    expect(warnings.find((w) => w.path === 'policy.budget.min')?.message).toContain('¥500,000');
  });
  it('a ¥3 one-off cost and a growth of 30 a year', () => {
    const text = base('', '3').replace('growthPerYear: 0.1', 'growthPerYear: 30');
    const { warnings } = readProposalText(text, 's.yaml');
    expect(warnings.find((w) => w.path === 'scenarios[a].costs[0].amount')?.message).toContain('did you mean ¥30,000');
    expect(warnings.find((w) => w.path === 'scenarios[a].benefits[0].growthPerYear')?.message).toContain('did you mean 0.3');
  });
  it('the demo has no warnings', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readProposalText(readFileSync('fixtures/demo.json', 'utf8'), 'demo.json').warnings).toEqual([]);
  });
});
