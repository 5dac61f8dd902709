import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'closedloop-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const demo = () => JSON.parse(readFileSync('fixtures/demo.json', 'utf8'));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('closedloop plan', () => {
  it('prints the demo roadmap as a table with a rationale per phase and the programme figures', async () => {
    const r = await run('plan', 'fixtures/demo.json', '--trials', '8192', '--json', join(dir, 'plan.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Phase\s+Start month\s+End month\s+Items/);
    expect(r.stdout).toMatch(/Phase 1: /);
    expect(r.stdout).toMatch(/Programme NPV P10 \/ P50 \/ P90: /);
    const report = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    expect(report.roadmap.phases.length).toBeGreaterThan(1);
    expect(['dynamic-programme', 'milp']).toContain(report.roadmap.search.method);
    expect(report.roadmap.search.proven).toBe(true);
    expect(r.stdout).toMatch(/Proven optimal \((exact dynamic programme|HiGHS MILP)\) over 10 items\./);
  });

  it('analyze includes the roadmap when the proposal has a roadmap block', async () => {
    const r = await run('analyze', 'fixtures/demo.json', '--trials', '4096');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Roadmap:/);
  });

  it('rejects capacity 0, naming the field', async () => {
    const raw = demo();
    raw.roadmap.capacity = 0;
    const r = await run('plan', write('cap0.json', raw));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^roadmap\.capacity: must be at least 1/m);
  });

  it('rejects an item larger than any phase budget without stages, naming it', async () => {
    const raw = demo();
    delete raw.scenarios[5].stages;
    const r = await run('plan', write('nostages.json', raw), '--trials', '4096');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scenarios\[5\]: legal-case-assistant: .*phase budget ceiling/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects a dependency cycle, naming it', async () => {
    const raw = demo();
    raw.scenarios[6].requires = ['remote-banking-assistant'];
    const r = await run('plan', write('cycle.json', raw));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/requires: dependency cycle: .*remote-banking-assistant/);
  });

  it('refuses a proposal without a roadmap block', async () => {
    const r = await run('plan', 'fixtures/reference-model.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^roadmap: .*has no roadmap block/m);
  });
});
