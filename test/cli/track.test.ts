import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../engine/report.js';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-track-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PROPOSAL = 'fixtures/reference-model.json';
const ACTUALS = 'fixtures/reference-actuals.csv';

/** Writes an actuals file into the test folder and returns its path. */
function actualsFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('closedloop track', () => {
  it('prints forecast versus actual, the inputs it moved, the re-forecast and the recommendation', async () => {
    const r = await run('track', PROPOSAL, '--actuals', ACTUALS, '--trials', '4000', '--seed', '3');
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Reference customer — actuals to month 3 against the forecast');
    expect(out).toMatch(/month\s+measure\s+actual\s+forecast P10\s+forecast P50\s+forecast P90\s+percentile\s+status\s+line explaining most/);
    expect(out).toMatch(/\n\s+0\s+cumulative net cash flow\s+−¥82,000/);
    expect(out).toContain('What the actuals taught (prior → posterior)');
    expect(out).toContain('Re-forecast with the observed months fixed to the actuals');
    expect(out).toMatch(/Recommendation\n {2}(Go|Adjust|Stop): /);
    // First the table of forecast versus actual, then the re-forecast.
    const order = ['line explaining most', 'What the actuals taught', 'Re-forecast with', 'Recommendation'].map((x) => out.indexOf(x));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(out).toMatch(/Seed 3 · 4,000 trials · Latin hypercube sampling/);
  });

  it('speaks Chinese with --lang zh-CN', async () => {
    const r = await run('track', PROPOSAL, '--actuals', ACTUALS, '--trials', '2000', '--lang', 'zh-CN');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('截至第 3 个月的实际值与预测对比');
    expect(r.stdout).toContain('以实际值固定已观测月份后的重新预测');
    expect(r.stdout).toMatch(/(继续|调整|停止)：/);
  });

  it('writes the Report with its tracking block, valid against the Report schema, byte-identical for the same seed', async () => {
    const files = ['a.json', 'b.json'].map((f) => join(dir, f));
    for (const f of files) {
      const r = await run('track', PROPOSAL, '--actuals', ACTUALS, '--trials', '3000', '--seed', '9', '--json', f, '--quiet');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
    }
    const [a, b] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(() => reportSchema.parse(a)).not.toThrow();
    expect(a.tracking.asOfMonth).toBe(3);
    expect(a.tracking.observations).toHaveLength(15);
    expect(JSON.stringify(a.tracking)).toBe(JSON.stringify(b.tracking));
    const { createdAt: _a, ...runA } = a.run;
    const { createdAt: _b, ...runB } = b.run;
    expect(runA).toEqual(runB);
  });

  it('--json - prints the Report on stdout alone', async () => {
    const r = await run('track', PROPOSAL, '--actuals', ACTUALS, '--trials', '1000', '--json', '-');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tracking.scenarios[0].id).toBe('reference');
  });

  it('reads JSON actuals as well', async () => {
    const file = actualsFile('a.json', JSON.stringify([{ scenario: 'reference', month: 3, measure: 'benefits[0].minutesSaved', value: 9, n: 200, sd: 3 }]));
    const r = await run('track', PROPOSAL, '--actuals', file, '--trials', '2000', '--json', '-');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tracking.updates[0].method).toBe('grid');
  });
});

describe('closedloop track with bad actuals exits 2, naming the row and the column', () => {
  const HEADER = 'scenario,month,measure,value,n,sd';
  const cases: [string, string, RegExp][] = [
    ['unknown scenario', 'refernce,1,adoption,0.1,,', /row 1 \(line 2\), column scenario: no scenario has the id "refernce"; did you mean "reference"\?/],
    ['unknown measure', 'reference,1,adopton,0.1,,', /row 1 \(line 2\), column measure: unknown measure "adopton" for scenario "reference"; did you mean "adoption"\?/],
    ['a month in the future of --as-of', 'reference,3,adoption,0.1,,', /row 1 \(line 2\), column month: month 3 is after the as-of month 2/],
    ['n ≤ 0', 'reference,1,tasksPerMonth,1300,-4,', /row 1 \(line 2\), column n: .*≥ 1, found -4/],
    ['a non-numeric value', 'reference,1,tasksPerMonth,lots,,', /row 1 \(line 2\), column value: the value must be a number, found "lots"/],
    ['a duplicate row', 'reference,1,adoption,0.1,,\nreference,1,adoption,0.2,,', /row 2 \(line 3\), column measure: row 1 already gives adoption/],
  ];
  for (const [name, rows, message] of cases) {
    it(name, async () => {
      const file = actualsFile(`${name.replace(/\W+/g, '-')}.csv`, `${HEADER}\n${rows}\n`);
      const out = join(dir, `${name.replace(/\W+/g, '-')}.json`);
      const r = await run('track', PROPOSAL, '--actuals', file, '--as-of', '2', '--json', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(r.stdout).toBe('');
      expect(() => readFileSync(out)).toThrow();
    });
  }

  it('a missing actuals file, and a missing --actuals', async () => {
    const r = await run('track', PROPOSAL, '--actuals', join(dir, 'nope.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--actuals: cannot read .*nope\.csv: no such file/);
    const r2 = await run('track', PROPOSAL);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/required option '--actuals <file>' not specified/);
  });
});
