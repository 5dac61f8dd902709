/**
 * The CLI's commands, in-process through `main`, plus one end-to-end run of
 * the built bin (dist/cli/main.js) in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, run } from './run-cli.js';
import { loadProposal } from '../../scenarios/load.js';
import { TEMPLATES } from '../../scenarios/templates/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REFERENCE = join(ROOT, 'fixtures', 'reference-model.json');
const BUILT_CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Asserts exit 0 and shows stderr when it is not. */
function expectOk(r: RunResult): void {
  expect(r.code, `exit ${r.code}\n--- stderr ---\n${r.stderr}`).toBe(0);
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'closedloop-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('validate', () => {
  it('a valid proposal exits 0 and prints its input hash', async () => {
    const r = await run('validate', REFERENCE);
    expectOk(r);
    const { inputHash } = loadProposal(REFERENCE);
    expect(inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.stdout).toContain(`input hash ${inputHash}`);
    expect(r.stdout).toContain('valid');
    expect(r.stderr).toBe('');
  });
});

describe('analyze', () => {
  it('--trials 2000 --seed 3 --json <file> writes the report and prints the ranked table', async () => {
    const file = join(dir, 'report.json');
    const r = await run('analyze', REFERENCE, '--trials', '2000', '--seed', '3', '--json', file);
    expectOk(r);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.schemaVersion).toBe('1');
    expect(report.run.seed).toBe(3);
    expect(report.run.trials).toBe(2000);
    expect(report.scenarios.map((s: { id: string }) => s.id)).toEqual(['reference']);
    expect(r.stdout).toContain('Verdict');
    expect(r.stdout).toContain('NPV P50');
    expect(r.stdout).toContain('Reference model');
    expect(r.stdout).toMatch(/^Recommendation: /m);
  });

  it('--json - writes only the report JSON to stdout', async () => {
    const r = await run('analyze', REFERENCE, '--trials', '2000', '--seed', '3', '--json', '-');
    expectOk(r);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe('1');
    expect(report.run).toMatchObject({ seed: 3, trials: 2000 });
    expect(r.stdout).not.toContain('NPV P50');
  });

  it('--quiet prints nothing on stdout', async () => {
    const r = await run('analyze', REFERENCE, '--trials', '2000', '--quiet');
    expectOk(r);
    expect(r.stdout).toBe('');
  });

  it('--quiet --json <file> prints nothing but still writes the report', async () => {
    const file = join(dir, 'quiet.json');
    const r = await run('analyze', REFERENCE, '--trials', '2000', '--quiet', '--json', file);
    expectOk(r);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).run.trials).toBe(2000);
  });

  it('--sampler xyz exits 2', async () => {
    const r = await run('analyze', REFERENCE, '--trials', '2000', '--sampler', 'xyz');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xyz');
    expect(r.stdout).toBe('');
  });
});

describe('templates', () => {
  it('templates list lists the seven template ids', async () => {
    expect(TEMPLATES).toHaveLength(7);
    const r = await run('templates', 'list');
    expectOk(r);
    for (const t of TEMPLATES) expect(r.stdout).toContain(t.id);
  });

  it('templates show om-design-review prints that template as JSON', async () => {
    const r = await run('templates', 'show', 'om-design-review');
    expectOk(r);
    expect(JSON.parse(r.stdout).id).toBe('om-design-review');
  });
});

describe('schema', () => {
  it.each(['proposal', 'report'])('schema %s prints a JSON Schema', async (which) => {
    const r = await run('schema', which);
    expectOk(r);
    const schema = JSON.parse(r.stdout);
    expect(schema).toHaveProperty('properties');
    expect(typeof schema.properties).toBe('object');
  });
});

describe('demo', () => {
  it('demo --out-dir <dir> --trials 2000 writes report.json', async () => {
    const out = join(dir, 'demo');
    const r = await run('demo', '--out-dir', out, '--trials', '2000');
    expectOk(r);
    const file = join(out, 'report.json');
    expect(existsSync(file)).toBe(true);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.schemaVersion).toBe('1');
    expect(report.run.trials).toBe(2000);
    expect(r.stdout).toContain(file);
  });
});

describe('the built CLI (end to end)', () => {
  const built = existsSync(BUILT_CLI);
  if (!built && !process.env.CI) {
    console.warn(`SKIPPED the end-to-end CLI test: ${BUILT_CLI} does not exist (run npm run build)`);
  }

  it.skipIf(!built && !process.env.CI)('node dist/cli/main.js analyze … --quiet --json <file> exits 0', () => {
    expect(existsSync(BUILT_CLI), `${BUILT_CLI} does not exist: run npm run build before the tests`).toBe(true);
    const file = join(dir, 'e2e.json');
    const child = spawnSync(process.execPath, [BUILT_CLI, 'analyze', 'fixtures/reference-model.json', '--trials', '1000', '--quiet', '--json', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.status, `stderr:\n${child.stderr}`).toBe(0);
    expect(child.stdout).toBe('');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.schemaVersion).toBe('1');
    expect(report.run.trials).toBe(1000);
  });
});
