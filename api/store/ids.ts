/** Identifiers, timestamps and key hashing shared by the store modules. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A random identifier (UUID v4). */
export function newId(): string {
  return randomUUID();
}

let lastMicros = 0;

/**
 * Now as an ISO-8601 UTC string with microseconds, e.g. 2025-01-31T12:00:00.123004Z:
 * fixed width, so text order is time order. The clock has millisecond
 * resolution; the three extra digits count calls within one millisecond so
 * that timestamps taken by this process strictly increase (runs are claimed
 * in creation order, lists sort newest first even within one millisecond).
 */
export function nowIso(): string {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  const iso = new Date(Math.floor(lastMicros / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(lastMicros % 1000).padStart(3, '0')}Z`;
}

/**
 * Any ISO-8601 instant in the stored form of nowIso (microseconds, UTC, fixed
 * width), so that stored timestamps compare as text in time order. Throws a
 * RangeError for text that is not a date.
 * @example storedIso('2025-01-31T12:00:00Z') // '2025-01-31T12:00:00.000000Z'
 */
export function storedIso(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${JSON.stringify(String(value))}`);
  return `${date.toISOString().slice(0, -1)}000Z`;
}

/** A new clear-text API key: `cl_` + 32 random bytes in base64url. */
export function newApiKey(): string {
  return `cl_${randomBytes(32).toString('base64url')}`;
}

/** A new clear-text share token: `sh_` + 32 random bytes (256 bits) in base64url. */
export function newShareToken(): string {
  return `sh_${randomBytes(32).toString('base64url')}`;
}

/** The shape of a share token (anything else is rejected without a query). */
export const SHARE_TOKEN_PATTERN = /^sh_[A-Za-z0-9_-]{43}$/;

/** How many leading characters of a key are kept (and shown) as its prefix. */
export const KEY_PREFIX_LENGTH = 10;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Affected-row count of a kysely update/delete result. */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? 0n);
}
