import { describe, expect, it } from 'vitest';
import { ClosedloopError } from '../../engine/errors.js';
import { csvRecords, parseActuals } from '../../scenarios/actuals.js';
import { closest as didYouMean, editDistance } from '../../scenarios/did-you-mean.js';
import { loadProposal } from '../../scenarios/load.js';

const proposal = loadProposal('fixtures/reference-model.json');
const HEADER = 'scenario,month,measure,value,n,sd';

/** The problems an actuals text raises, as "path: message" lines. */
function problems(text: string, options: { asOfMonth?: number } = {}): string[] {
  try {
    parseActuals(text, proposal, { ...options, source: 'a.csv' });
  } catch (e) {
    expect(e).toBeInstanceOf(ClosedloopError);
    expect((e as ClosedloopError).code).toBe('INVALID_ACTUALS');
    expect((e as ClosedloopError).exitCode).toBe(2);
    return (e as ClosedloopError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected INVALID_ACTUALS');
}

describe('reading actuals', () => {
  it('reads CSV with a BOM, CRLF line ends, blank lines, quoted fields and empty n, sd', () => {
    const text = `\ufeff${HEADER}\r\nreference,1,"cash:residual error loss",650,,\r\n\r\nreference,3,benefits[0].minutesSaved,9,200,3\r\n`;
    const a = parseActuals(text, proposal);
    expect(a.asOfMonth).toBe(3);
    expect(a.observations).toEqual([
      { row: 1, scenario: 'reference', month: 1, measure: 'cash:residual error loss', target: { kind: 'cash-line', side: 'costs', index: 3 }, value: 650, n: null, sd: null },
      { row: 2, scenario: 'reference', month: 3, measure: 'benefits[0].minutesSaved', target: { kind: 'input', variableKey: 'reference:benefits[0].minutesSaved' }, value: 9, n: 200, sd: 3 },
    ]);
  });

  it('reads the same rows as JSON, an array or { "actuals": [...] }, and takes a path that refers to an assumption as the assumption', () => {
    const rows = [{ scenario: 'reference', month: 2, measure: 'benefits[1].volumePerMonth', value: 1400 }];
    for (const text of [JSON.stringify(rows), JSON.stringify({ actuals: rows })]) {
      const a = parseActuals(text, proposal, { source: 'a.json' });
      expect(a.observations[0].target).toEqual({ kind: 'input', variableKey: 'assumption:tasksPerMonth' });
    }
  });

  it('lets n and sd be left out of the header, and --as-of extend past the last row', () => {
    const a = parseActuals('scenario,month,measure,value\nreference,2,adoption,0.05\n', proposal, { asOfMonth: 4 });
    expect(a.asOfMonth).toBe(4);
    expect(a.observations[0].n).toBeNull();
  });

  it('splits RFC 4180 records: quotes, doubled quotes, commas inside quotes, a quoted line break', () => {
    expect(csvRecords('a,"b ""c"", d"\n"x\ny",2', 't').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b "c", d']],
      [2, ['x\ny', '2']],
    ]);
  });
});

describe('bad actuals name the row and the column, all in one pass', () => {
  it('an unknown scenario or measure, with the closest valid name', () => {
    const p = problems(`${HEADER}\nrefrence,1,adoption,0.1,,\nreference,1,benefits[0].minuteSaved,9,,\nreference,1,cash:operation,2000,,\n`);
    expect(p).toEqual([
      'a.csv row 1 (line 2), column scenario: no scenario has the id "refrence"; did you mean "reference"? (the scenarios are reference)',
      expect.stringMatching(/^a\.csv row 2 \(line 3\), column measure: unknown measure "benefits\[0\]\.minuteSaved" for scenario "reference"; did you mean "benefits\[0\]\.minutesSaved"\?/),
      expect.stringMatching(/^a\.csv row 3 \(line 4\), column measure: unknown measure "cash:operation" .*did you mean "cash:operations"\?/),
    ]);
  });

  it('a month after --as-of, a month that is not a whole month of the horizon', () => {
    const p = problems(`${HEADER}\nreference,5,adoption,0.1,,\nreference,2.5,adoption,0.1,,\nreference,37,adoption,0.1,,\n`, { asOfMonth: 4 });
    expect(p).toEqual([
      'a.csv row 1 (line 2), column month: month 5 is after the as-of month 4: actuals cannot come from the future (drop the row or move --as-of)',
      'a.csv row 2 (line 3), column month: the month must be a whole month from 0 to the horizon (36), found 2.5',
      'a.csv row 3 (line 4), column month: the month must be a whole month from 0 to the horizon (36), found 37',
    ]);
  });

  it('n ≤ 0 or not whole, sd ≤ 0, non-numeric values', () => {
    const p = problems(`${HEADER}\nreference,1,tasksPerMonth,1300,0,\nreference,2,tasksPerMonth,1300,2.5,\nreference,3,tasksPerMonth,1300,10,-1\nreference,3,adoption,abc,,\nreference,2,adoption,0.2,ten,\n`);
    expect(p).toEqual([
      'a.csv row 1 (line 2), column n: n is the sample size of a measured mean and must be a whole number ≥ 1, found 0',
      'a.csv row 2 (line 3), column n: n is the sample size of a measured mean and must be a whole number ≥ 1, found 2.5',
      'a.csv row 3 (line 4), column sd: sd is a sample standard deviation and must be > 0, found -1 (leave it empty when unknown)',
      'a.csv row 4 (line 5), column value: the value must be a number, found "abc"',
      'a.csv row 5 (line 6), column n: n must be a whole number, found "ten"',
    ]);
  });

  it('duplicate rows, also when a line is named once by label and once by index, or a shared assumption twice', () => {
    const p = problems(`${HEADER}\nreference,1,cash:operations,2000,,\nreference,1,cash:costs[2],2100,,\nreference,2,tasksPerMonth,1300,,\nreference,2,benefits[0].volumePerMonth,1350,,\n`);
    expect(p).toEqual([
      'a.csv row 2 (line 3), column measure: row 1 already gives cash:costs[2] for scenario "reference" in month 1: keep one row per measure and month (combine repeated readings into n and sd)',
      'a.csv row 4 (line 5), column measure: row 3 already gives benefits[0].volumePerMonth for the shared assumption in month 2: keep one row per measure and month (combine repeated readings into n and sd)',
    ]);
  });

  it('a fixed input, an adoption outside [0, 1]', () => {
    const p = problems(`${HEADER}\nreference,1,adoption.steepness,0.7,,\nreference,1,adoption,35,,\n`);
    expect(p).toEqual([
      'a.csv row 1 (line 2), column measure: adoption.steepness is fixed at 0.8 in the proposal, so there is nothing to update: give it a distribution (e.g. a 3-point estimate) to track it',
      'a.csv row 2 (line 3), column value: adoption is a share of full adoption from 0 to 1 (0.35 for 35%), found 35',
    ]);
  });

  it('the file itself: unknown or missing columns, no rows, an open quote, extra fields, bad JSON', () => {
    expect(problems('scenario,month,measur,value\n')).toEqual([
      'a.csv line 1, column 3: unknown column "measur"; did you mean "measure"? (the columns are scenario,month,measure,value,n,sd)',
      'a.csv line 1: the header has no "measure" column (the header is scenario,month,measure,value,n,sd; n and sd may be left out)',
    ]);
    expect(problems(`${HEADER}\n`)).toEqual(['a.csv: the actuals have no rows: add one row per measurement under the header']);
    expect(problems(`${HEADER}\nreference,1,"adoption,0.1,,\n`)).toEqual(['a.csv line 2: a quoted field is never closed: add the closing "']);
    expect(problems(`${HEADER}\nreference,1,adoption,0,1,,,\n`)[0]).toMatch(/^a\.csv row 1 \(line 2\), column 7: the row has more fields than the header/);
    expect(() => parseActuals('[{"scenario": "reference",', proposal, { source: 'a.json' })).toThrow(/a\.json: not valid JSON/);
    let thrown: unknown;
    try {
      parseActuals('[{"scenario":"reference","month":1,"measure":"adoption","value":"0.1","note":"x"}]', proposal, { source: 'a.json' });
    } catch (e) {
      thrown = e;
    }
    expect((thrown as ClosedloopError).problems).toEqual([{ path: 'a.json row 1, column note', message: 'unknown field "note"' }]);
  });
});

describe('did you mean', () => {
  it('edit distance and the closest candidate within a third of the length', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('tasksPerMnth', ['tasksPerMonth', 'adoption'])).toBe('tasksPerMonth');
    expect(didYouMean('zzz', ['tasksPerMonth', 'adoption'])).toBeNull();
  });
});
