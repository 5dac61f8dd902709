/**
 * `closedloop serve` as an operator starts it, in a child process. It listens
 * on port 0 and the URL is read from its "listening on" line: a port picked by
 * the test could already be taken (the ephemeral range holds every client socket).
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
}

export function startServeProcess(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(err);
      if (listening) {
        clearTimeout(timer);
        resolve({ url: listening[1], child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${err}`));
    });
  });
}
