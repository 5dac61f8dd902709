import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (where package.json is), whether running from dist/ or from source. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the CLI');
    dir = parent;
  }
  return dir;
}

/** The bundled demo proposal. */
export function demoProposalPath(): string {
  return join(packageRoot(), 'fixtures', 'demo.json');
}
