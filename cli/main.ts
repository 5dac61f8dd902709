#!/usr/bin/env node
// The closedloop command: see cli/program.ts for the commands.
// `--version` answers before any command's modules load (start-up within 2× a bare `node`);
// every other invocation loads the program, which imports each command's heavy code on use.
import { ENGINE_VERSION } from '../engine/constants.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${ENGINE_VERSION}\n`);
} else {
  const { main } = await import('./program.js');
  process.exitCode = await main(process.argv);
}
