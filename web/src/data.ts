import type { Report } from '../../engine/index.js';

/** What `/r/<token>/data` answers: the run's identity and its Report. */
export interface RunData {
  run: { id: string; createdAt: string | null; trials: number; seed: number };
  report: Report;
}

/** The share link is unknown, revoked or expired (the server answered 404 or 410), or the URL has no token. */
export class LinkNotFound extends Error {
  constructor() {
    super('share link not found');
    this.name = 'LinkNotFound';
  }
}

/** The token of a `/r/<token>` path (a trailing slash allowed), or null. */
export function tokenFromPath(pathname: string): string | null {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    const token = decodeURIComponent(match[1]);
    return token.length > 0 ? token : null;
  } catch {
    return null;
  }
}

/** The URL of a resource of the shared run: `data`, `report.pdf`, `report.xlsx`. */
export function runUrl(token: string, resource: string): string {
  return `/r/${encodeURIComponent(token)}/${resource}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Enough of the shape to render without crashing (the server validated the Report when it stored it). */
function checkShape(body: unknown): RunData {
  if (!isObject(body) || !isObject(body.run) || !isObject(body.report)) throw new Error('unexpected response: no run or report');
  const report = body.report;
  if (!Array.isArray(report.scenarios) || report.scenarios.length === 0) throw new Error('unexpected response: no scenarios');
  if (!isObject(report.ranking) || !isObject(report.proposal) || !isObject(report.valueOfInformation)) throw new Error('unexpected response: incomplete report');
  return body as unknown as RunData;
}

/** Fetches the shared run; throws LinkNotFound for a bad link, another Error otherwise. */
export async function loadRun(token: string, signal?: AbortSignal): Promise<RunData> {
  const response = await fetch(runUrl(token, 'data'), { headers: { accept: 'application/json' }, credentials: 'same-origin', signal });
  if (response.status === 404 || response.status === 410) throw new LinkNotFound();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return checkShape(await response.json());
}
