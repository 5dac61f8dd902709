/** The storage layer of the API. */
export * from './types.js';
export { openStore, configureSqlite, type OpenStoreOptions } from './database.js';
export { sqlStore, findRunById } from './store.js';
export { ShareTargetError } from './shares.js';
export { InvalidCursorError } from './proposals.js';
export { MigrationError, migrateToLatest, type MigrationStatus } from './migrations.js';
