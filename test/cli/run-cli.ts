/** Runs the CLI in-process for tests, capturing what it writes. */
import { vi } from 'vitest';
import { main } from '../../cli/program.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const chunkText = (chunk: unknown): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));

/** Runs `closedloop ...args` in-process, capturing what it writes to stdout and stderr. */
export async function run(...args: string[]): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
    out.push(chunkText(chunk));
    return true;
  }) as typeof process.stdout.write);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown) => {
    err.push(chunkText(chunk));
    return true;
  }) as typeof process.stderr.write);
  try {
    const code = await main(['node', 'closedloop', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
