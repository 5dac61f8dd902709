/**
 * Whole-process timings in the manner of hyperfine: the commands run in turn,
 * round after round (so a drift in the machine's load reaches all of them
 * alike), after one untimed warm-up round; each command's median is kept.
 */
import { execFileSync } from 'node:child_process';

export interface PairedCommand {
  label: string;
  file: string;
  args: string[];
  /** Extra environment variables of this command. */
  env?: Record<string, string>;
}

/** Wall seconds of one run of a command, its output discarded. */
export function timeOnce(file: string, args: readonly string[], cwd?: string, env?: Record<string, string>): number {
  const start = process.hrtime.bigint();
  execFileSync(file, args, { stdio: 'ignore', cwd, env: env ? { ...process.env, ...env } : process.env });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The median wall seconds of each command over `rounds` alternating rounds.
 * @example pairedMedians([{ label: 'node', file: process.execPath, args: ['-e', '0'] }], 15) // { node: 0.06 }
 */
export function pairedMedians(commands: readonly PairedCommand[], rounds: number, cwd?: string): Record<string, number> {
  for (const c of commands) timeOnce(c.file, c.args, cwd, c.env);
  const times = commands.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) commands.forEach((c, i) => times[i].push(timeOnce(c.file, c.args, cwd, c.env)));
  return Object.fromEntries(commands.map((c, i) => [c.label, median(times[i])]));
}
