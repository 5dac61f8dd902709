// Loads the TypeScript worker when the code runs from source (tests under vitest or tsx):
// a worker thread does not inherit the parent's TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
