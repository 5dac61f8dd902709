#!/usr/bin/env node
// The closedloop command: see cli/program.ts for the commands.
// `--version` answers before any command's modules load (start-up within 2× a bare `node`),
// from package.json, whose version is the engine's (test/cli/version.test.ts holds them equal);
// every other invocation loads the program, which imports each command's heavy code on use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(process.argv);
}
