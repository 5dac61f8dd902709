/**
 * Bad input through the CLI, in-process: every invalid proposal or option must
 * exit 2 and say on stderr where the problem is (its JSON path) and what was
 * expected or found, one problem a line, without a stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, run } from './run-cli.js';
import { MAX_TRIALS } from '../../engine/constants.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'reference-model.json');

/** A problem expected on stderr: a line starting with `path: ` (any line when path is undefined) holding every word. */
interface Expected {
  path?: string;
  words: (string | RegExp)[];
}

function hasLine(stderr: string, e: Expected): boolean {
  return stderr
    .split('\n')
    .some(
      (line) =>
        (e.path === undefined || line.startsWith(`${e.path}: `)) &&
        e.words.every((w) => (typeof w === 'string' ? line.includes(w) : w.test(line))),
    );
}

/** Exit 2, each expected problem on a line of its own, no stack trace, no report on stdout. */
function expectInvalid(r: RunResult, ...expected: Expected[]): void {
  const context = `exit ${r.code}\n--- stderr ---\n${r.stderr}--- stdout ---\n${r.stdout}`;
  expect(r.code, context).toBe(2);
  for (const e of expected) {
    expect(hasLine(r.stderr, e), `expected a line ${e.path !== undefined ? `"${e.path}: …" ` : ''}with ${e.words.map(String).join(', ')}\n${context}`).toBe(true);
  }
  expect(r.stderr, 'no stack trace').not.toMatch(/^ {4}at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stdout, 'nothing on stdout').toBe('');
}

/** A small valid proposal; each case breaks one thing in a fresh copy. */
function base(): any {
  return {
    customer: { name: 'Bad input test' },
    horizonMonths: 24,
    scenarios: [
      {
        id: 's1',
        name: 'Scenario one',
        adoption: { curve: 'none' },
        benefits: [
          { kind: 'timeSavings', volumePerMonth: 1000, minutesBefore: 10, minutesAfter: 4, costPerHour: 50 },
          { kind: 'errorReduction', volumePerMonth: 1000, errorRate: 0.05, reduction: 0.5, costPerError: 150 },
        ],
        costs: [
          { kind: 'oneOff', amount: 12000 },
          { kind: 'recurring', monthly: 500 },
        ],
      },
    ],
  };
}

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'closedloop-bad-input-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a proposal (an object as JSON, or raw text) to a fresh temp file and returns its path. */
function write(content: unknown, ext = '.json'): string {
  const file = join(dir, `case-${++counter}${ext}`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Writes base() after `edit` and runs `analyze` on it. */
function analyzeEdited(edit: (p: any) => void): Promise<RunResult> {
  const p = base();
  edit(p);
  return run('analyze', write(p));
}

describe('sanity', () => {
  it('the base proposal is valid (so each case fails for its own reason)', async () => {
    const r = await run('validate', write(base()));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('files that are not JSON or YAML', () => {
  it('garbage JSON text ({"a": ) is a syntax error naming the file', async () => {
    const file = join(FIXTURES, 'garbage.json');
    expectInvalid(await run('analyze', file), { words: [file, 'not valid JSON'] });
  });

  it('garbage JSON text in a temp file without a .json extension', async () => {
    const file = write('{"customer": {"name": "x"}, "scenarios": [', '.txt');
    expectInvalid(await run('analyze', file), { words: [file, /not valid JSON/] });
  });

  it('a YAML file indented with a tab is a syntax error naming the file and the line', async () => {
    const file = join(FIXTURES, 'tab-indent.yaml');
    expectInvalid(await run('analyze', file), { words: [file, 'not valid JSON or YAML', /line 2/i] });
  });

  it('a YAML file with a broken indentation is a syntax error', async () => {
    const file = write('customer:\n  name: Indented\n    industry: retail\nscenarios: []\n', '.yaml');
    expectInvalid(await run('analyze', file), { words: [file, 'not valid JSON or YAML', /line \d+/i] });
  });
});

describe('unknown keys', () => {
  it('an unknown top-level key', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.extraField = 1;
      }),
      { words: ['unknown key', '"extraField"'] },
    );
  });

  it('an unknown key inside a benefit', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].minutesSavedTypo = 3;
      }),
      { path: 'scenarios[s1].benefits[0].minutesSavedTypo', words: ['unknown key', '"minutesSavedTypo"'] },
    );
  });
});

describe('missing required fields', () => {
  it('customer', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        delete p.customer;
      }),
      { path: 'customer', words: [/required|missing/] },
    );
  });

  it('scenarios[0].benefits', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        delete p.scenarios[0].benefits;
      }),
      { path: 'scenarios[s1].benefits', words: [/required|missing/] },
    );
  });

  it('benefits[0].volumePerMonth', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        delete p.scenarios[0].benefits[0].volumePerMonth;
      }),
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: [/required|missing/] },
    );
  });
});

describe('distributions that cannot exist', () => {
  it('PERT min > max', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].minutesAfter = { min: 10, mode: 7, max: 5 };
      }),
      { path: 'scenarios[s1].benefits[0].minutesAfter', words: ['max (5) is below min (10)'] },
    );
  });

  it('triangular min > max', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[1].costPerError = { dist: 'triangular', min: 400, mode: 150, max: 50 };
      }),
      { path: 'scenarios[s1].benefits[1].costPerError', words: ['max (50)', 'min (400)'] },
    );
  });

  it('PERT mode outside [min, max]', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { min: 35, mode: 90, max: 80 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['mode (90)', 'outside'] },
    );
  });

  it('lognormal p5 > p95', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { p5: 80, p95: 40 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['p5 (80)', 'p95 (40)'] },
    );
  });

  it('lognormal p5 = p95', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { dist: 'lognormal', p5: 50, p95: 50 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['p5 (50)', 'p95 (50)'] },
    );
  });

  it('lognormal p5 = 0', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { p5: 0, p95: 80 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['p5 (0)', '> 0'] },
    );
  });

  it('lognormal p5 < 0', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { p5: -10, p95: 80 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['p5 (-10)', '> 0'] },
    );
  });
});

describe('values outside their domain', () => {
  it('a negative volume', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].volumePerMonth = -100;
      }),
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: ['≥ 0', '-100'] },
    );
  });

  it('a volume distribution reaching below 0', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[1].volumePerMonth = { min: -50, mode: 1000, max: 2000 };
      }),
      { path: 'scenarios[s1].benefits[1].volumePerMonth', words: ['≥ 0', '-50'] },
    );
  });

  it('a negative one-off cost', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].costs[0].amount = -12000;
      }),
      { path: 'scenarios[s1].costs[0].amount', words: ['≥ 0', '-12000'] },
    );
  });

  it('a negative recurring cost', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].costs[1].monthly = -500;
      }),
      { path: 'scenarios[s1].costs[1].monthly', words: ['≥ 0', '-500'] },
    );
  });

  it('errorRate 1.5', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[1].errorRate = 1.5;
      }),
      { path: 'scenarios[s1].benefits[1].errorRate', words: ['[0, 1]', '1.5'] },
    );
  });

  it('a PERT rate with max 1.2', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[1].reduction = { min: 0.3, mode: 0.5, max: 1.2 };
      }),
      { path: 'scenarios[s1].benefits[1].reduction', words: ['[0, 1]', '1.2'] },
    );
  });

  it('horizonMonths 121', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.horizonMonths = 121;
      }),
      { path: 'horizonMonths', words: ['120', '121'] },
    );
  });
});

describe('numbers that are not numbers', () => {
  it('YAML .nan and .inf where quantities belong', async () => {
    const file = join(FIXTURES, 'nan-inf.yaml');
    expectInvalid(
      await run('analyze', file),
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: ['NaN'] },
      { path: 'scenarios[s1].benefits[0].costPerHour', words: ['Infinity'] },
    );
  });

  it('YAML .inf for horizonMonths', async () => {
    const file = write('customer:\n  name: Infinite horizon\nhorizonMonths: .inf\nscenarios:\n  - id: s1\n    name: One\n    benefits:\n      - kind: custom\n        quantityPerMonth: 1\n        unitValue: 1\n', '.yaml');
    expectInvalid(await run('analyze', file), { path: 'horizonMonths', words: [/Infinity|finite/] });
  });

  it('the string "12 per month" as a volume (text numbers are digits and a unit only)', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].volumePerMonth = '12 per month';
      }),
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: ['string "12 per month"', 'docs/proposal-format.md'] },
    );
  });

  it('the string "12" as horizonMonths', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.horizonMonths = '12';
      }),
      { path: 'horizonMonths', words: ['number', 'string "12"'] },
    );
  });

  it('the string "5O" (letter O) as the mode of a PERT', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].benefits[0].costPerHour = { min: 35, mode: '5O', max: 80 };
      }),
      { path: 'scenarios[s1].benefits[0].costPerHour.mode', words: ['number', 'string "5O"'] },
    );
  });
});

describe('options', () => {
  it(`--trials ${MAX_TRIALS + 1} is over the cap`, async () => {
    const r = await run('analyze', REFERENCE, '--trials', String(MAX_TRIALS + 1));
    expectInvalid(r, { words: ['--trials', 'cap', MAX_TRIALS.toLocaleString('en-US')] });
  });
});

describe('rules across the document', () => {
  it('duplicate scenario ids', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios.push({ ...structuredClone(p.scenarios[0]), name: 'Scenario one again' });
      }),
      { path: 'scenarios[1].id', words: ['duplicate', '"s1"'] },
    );
  });

  it('a ref to a missing assumption', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.assumptions = { tasksPerMonth: { min: 800, mode: 1200, max: 2000 } };
        p.scenarios[0].benefits[0].volumePerMonth = { ref: 'tasksPerMonthTypo' };
      }),
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: ['"tasksPerMonthTypo"', /not define|missing|unknown/] },
    );
  });

  it('a correlation matrix that is not positive semi-definite names a pair', async () => {
    const r = await run('analyze', join(FIXTURES, 'correlation-not-psd.json'));
    expectInvalid(r, { words: [/^correlations\[[0-2]\]: /, /positive semi-definite/, /\b([abc]) ~ (?!\1)[abc]\b/] });
  });

  it('an unknown template id in a scenario', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.scenarios[0].template = 'no-such-template';
      }),
      { path: 'scenarios[s1].template', words: ['"no-such-template"'] },
    );
  });
});

describe('other commands and files', () => {
  it('a file that does not exist', async () => {
    const file = join(dir, 'does-not-exist.json');
    expectInvalid(await run('analyze', file), { words: [file, 'no such file'] });
  });

  it('validate on an invalid file', async () => {
    const p = base();
    p.scenarios[0].benefits[1].errorRate = 1.5;
    const r = await run('validate', write(p));
    expectInvalid(r, { path: 'scenarios[s1].benefits[1].errorRate', words: ['[0, 1]', '1.5'] });
  });

  it('validate on a file that does not exist', async () => {
    const file = join(dir, 'nope.yaml');
    expectInvalid(await run('validate', file), { words: [file, 'no such file'] });
  });

  it('templates show with an unknown template id', async () => {
    expectInvalid(await run('templates', 'show', 'no-such-template'), { words: ['"no-such-template"', 'om-design-review'] });
  });
});

describe('several problems', () => {
  it('a file with two problems reports both, one a line', async () => {
    const r = await analyzeEdited((p) => {
      p.scenarios[0].benefits[0].volumePerMonth = -100;
      p.scenarios[0].benefits[1].errorRate = 1.5;
    });
    expectInvalid(
      r,
      { path: 'scenarios[s1].benefits[0].volumePerMonth', words: ['≥ 0', '-100'] },
      { path: 'scenarios[s1].benefits[1].errorRate', words: ['[0, 1]', '1.5'] },
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('authoring hints through the CLI', () => {
  const fiveMistakes = [
    'customer: {name: Five mistakes}',
    'discountRate: 8',
    'assumptions:',
    '  tasksPerMonth: 1200',
    'scenarios:',
    '  - id: om-review',
    '    name: Review',
    '    requires: [claim]',
    '    benefits:',
    '      - kind: timeSavings',
    '        volumePerMonth: {ref: taskPerMonth}',
    '        minutesBefor: 30',
    '        minutesAfter: 10',
    '        costPerHour: 80',
    '        realization: 90',
    '  - id: claims',
    '    name: Claims',
    '    template: claims-risk-identifcation',
    '',
  ].join('\n');

  it('six independent mistakes: six lines, each with its hint and its line number, exit 2', async () => {
    const r = await run('validate', write(fiveMistakes, '.yaml'));
    expectInvalid(
      r,
      { path: 'discountRate', words: ['did you mean 0.08?', '(line 2, column 1)'] },
      { path: 'scenarios[om-review].requires[0]', words: ['"claim"', 'did you mean "claims"?', '(line 8,'] },
      { path: 'scenarios[om-review].benefits[0].volumePerMonth', words: ['did you mean "tasksPerMonth"?', '(line 11,'] },
      { path: 'scenarios[om-review].benefits[0].minutesBefor', words: ['did you mean "minutesBefore"?', '(line 12, column 9)'] },
      { path: 'scenarios[om-review].benefits[0].realization', words: ['did you mean 0.9?', '(line 15,'] },
      { path: 'scenarios[claims].template', words: ['did you mean "claims-risk-identification"?', '(line 18,'] },
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(6);
  });

  it('validate shows the numbers it read from text, and warns about a budget written in 万', async () => {
    const text = 'customer: {name: Text}\npolicy:\n  budget: {min: 50, max: 200}\nscenarios:\n  - id: a\n    name: A\n    benefits:\n      - {kind: custom, quantityPerMonth: 10, unitValue: ¥1000}\n    costs:\n      - kind: oneOff\n        amount: 50万\n';
    const r = await run('validate', write(text, '.yaml'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('scenarios[a].costs[0].amount: "50万" → 500,000 (line 11)');
    expect(r.stdout).toContain('scenarios[a].benefits[0].unitValue: "¥1000" → 1,000');
    expect(r.stderr).toContain('warning: policy.budget.max: a budget ceiling of ¥200 is far below');
    expect(r.stderr).toContain('did you mean ¥2,000,000 (200万)?');
  });
});

describe('roadmap rules', () => {
  it('a roadmap that inherits policy.phaseMonths with min 0 names that field and how to fix it', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.policy = { phaseMonths: { min: 0, max: 6 } };
        p.roadmap = {};
      }),
      { path: 'policy.phaseMonths.min', words: ['policy.phaseMonths', 'at least 1 month', 'roadmap', '"phaseMonths"'] },
    );
  });

  it('without a roadmap, a policy phase floor of 0 stays valid (it is a gate band, not a phase)', async () => {
    const p = base();
    p.policy = { phaseMonths: { min: 0, max: 6 } };
    const r = await run('validate', write(p));
    expect(r.code, r.stderr).toBe(0);
  });

  it('a roadmap phase floor of 0 months', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.roadmap = { phaseMonths: { min: 0, max: 6 } };
      }),
      { path: 'roadmap.phaseMonths.min', words: ['1'] },
    );
  });

  it('a phase band whose floor exceeds its ceiling, in the roadmap and inherited from the policy', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.roadmap = { phaseMonths: { min: 6, max: 3 } };
      }),
      { path: 'roadmap.phaseMonths.max', words: ['below min'] },
    );
    expectInvalid(
      await analyzeEdited((p) => {
        p.policy = { phaseMonths: { min: 6, max: 3 } };
        p.roadmap = {};
      }),
      { path: 'policy.phaseMonths.max', words: ['below min'] },
    );
  });

  it('a phase budget whose floor exceeds its ceiling', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.roadmap = { phaseBudget: { min: 2000000, max: 1000000 } };
      }),
      { path: 'roadmap.phaseBudget.max', words: ['below min'] },
    );
  });

  it('a capacity below 1 or not a whole number', async () => {
    expectInvalid(
      await analyzeEdited((p) => {
        p.roadmap = { capacity: 0 };
      }),
      { path: 'roadmap.capacity', words: ['at least 1'] },
    );
    expectInvalid(
      await analyzeEdited((p) => {
        p.roadmap = { capacity: 1.5 };
      }),
      { path: 'roadmap.capacity', words: ['int', '1.5'] },
    );
  });
});
