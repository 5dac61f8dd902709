import { z } from 'zod';
import { readNumberText } from './number-text.js';

/**
 * Numbers read from text ("50万" → 500000), reported by `validate` so the author
 * sees what closedloop understood. zod gives a transform no path, so a reading
 * is recorded as a marker issue (zod prefixes its path on the way up) during a
 * second parse that only `readProposal` runs; the normal parse records nothing.
 */

/** The marker in an issue's params that holds a reading instead of a problem. */
export const READING_PARAM = 'closedloopReading';

/** One number read from text. */
export interface Reading {
  path: (string | number)[];
  text: string;
  value: number;
}

let recording = false;

/**
 * Runs `fn` with readings recorded as marker issues.
 * @example whileRecordingReadings(() => proposalSchema.safeParse(raw))
 */
export function whileRecordingReadings<T>(fn: () => T): T {
  recording = true;
  try {
    return fn();
  } finally {
    recording = false;
  }
}

/** The marker issue of a reading (pushed only while recording), at `path` below the current value. */
export function readingIssue(text: string, value: number, path: (string | number)[] = []): z.core.$ZodRawIssue | null {
  if (!recording) return null;
  return { code: 'custom', message: `read ${JSON.stringify(text)} as ${value}`, path, input: text, params: { [READING_PARAM]: { text, value } } };
}

/**
 * The reading an issue carries, if it is a marker.
 * @example readingOf(issue) // { text: '50万', value: 500000 } | null
 */
export function readingOf(issue: z.core.$ZodIssue): { text: string; value: number } | null {
  if (issue.code !== 'custom') return null;
  const r = (issue.params as Record<string, unknown> | undefined)?.[READING_PARAM];
  return r ? (r as { text: string; value: number }) : null;
}

/** Plain-number fields whose schema accepts text numbers, so the JSON Schema generator can show both. */
export const TOLERANT_NUMBER_SCHEMAS = new WeakSet<z.ZodType>();

/**
 * A number field that also accepts the text forms of docs/proposal-format.md ("8%", "50万").
 * @example tolerantNumber(z.number().min(0).max(1)).parse('8%') // 0.08
 */
export function tolerantNumber<T extends z.ZodType>(inner: T) {
  const schema = z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    const n = readNumberText(value);
    if (n === null) return value;
    const marker = readingIssue(value, n);
    if (marker) ctx.issues.push(marker);
    return n;
  }, inner);
  TOLERANT_NUMBER_SCHEMAS.add(schema);
  return schema;
}
