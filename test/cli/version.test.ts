/**
 * `closedloop --version` answers from package.json before the program loads
 * (cli/main.ts); the program itself (commander) answers with the engine's
 * version. Both must be the version written into every Report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../engine/index.js';
import { run } from './run-cli.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILT_CLI = join(ROOT, 'dist', 'cli', 'main.js');
const built = existsSync(BUILT_CLI);

describe('closedloop --version', () => {
  it("package.json's version is the engine's", () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version).toBe(ENGINE_VERSION);
  });

  it('the program answers --version with the engine version', async () => {
    const r = await run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ENGINE_VERSION}\n`);
  });

  it.skipIf(!built && !process.env.CI).each(['--version', '-V'])('the built bin answers %s from its fast path with the same version', (flag) => {
    const child = spawnSync(process.execPath, [BUILT_CLI, flag], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe(`${ENGINE_VERSION}\n`);
    expect(child.stderr).toBe('');
  });
});
