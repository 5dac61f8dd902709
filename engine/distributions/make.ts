// The factory lives with the registry; this module keeps the import path the engine uses.
export { makeDistribution } from './registry.js';
