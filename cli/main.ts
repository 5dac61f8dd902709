#!/usr/bin/env node
// The closedloop command: see cli/program.ts for the commands.
import { main } from './program.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
