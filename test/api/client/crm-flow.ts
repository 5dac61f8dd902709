/**
 * What a CRM integration does with the API, written against the client that
 * openapi-typescript generates from GET /openapi.json (./schema.ts) and
 * openapi-fetch: store a proposal, update it with If-Match (and lose a race
 * with a stale ETag), start a run without a body, follow its event stream,
 * pull the scores, fetch the Report as JSON and PDF, and share it. It compiles
 * under `tsc --strict` only if the document is exact enough for a generated
 * client (optional bodies optional, real content types, typed problems).
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type Problem = components['schemas']['Problem'];

/** What the flow saw, for the test to check. */
export interface CrmFlowResult {
  proposalId: string;
  etags: string[];
  staleUpdate: Problem;
  runId: string;
  events: { event: string; data: unknown }[];
  scores: paths['/v1/scores']['get']['responses'][200]['content']['application/json'];
  reportSeed: number;
  reportInputHash: string;
  pdfBytes: number;
  sharedReportSeed: number;
  unknownRun: Problem;
}

/** Fails with the problem's code and detail. */
function expectData<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/** The events of a text/event-stream body, read until the stream ends. */
async function readEvents(stream: ReadableStream<Uint8Array>): Promise<{ event: string; data: unknown }[]> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  return text
    .split('\n\n')
    .map((block) => block.split('\n'))
    .filter((lines) => lines.some((l) => l.startsWith('event:')))
    .map((lines) => ({
      event: lines.find((l) => l.startsWith('event:'))!.slice(6).trim(),
      data: JSON.parse(lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n')) as unknown,
    }));
}

/**
 * The CRM flow against a running server.
 * @example const result = await crmFlow('http://127.0.0.1:3000', key, proposal, 'OPP-1')
 */
export async function crmFlow(baseUrl: string, apiKey: string, proposal: Record<string, unknown>, crmRef: string): Promise<CrmFlowResult> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });

  const created = await client.POST('/v1/proposals', { body: { proposal, crmRef } });
  const record = expectData('create', created);
  const firstEtag = created.response.headers.get('etag') ?? '';

  const updated = await client.PUT('/v1/proposals/{id}', {
    params: { path: { id: record.id }, header: { 'if-match': firstEtag } },
    body: { proposal: { ...proposal, horizonMonths: 48 } },
  });
  expectData('update', updated);
  const secondEtag = updated.response.headers.get('etag') ?? '';

  // Another editor still holds the first ETag: 412 with a typed problem.
  const stale = await client.PUT('/v1/proposals/{id}', {
    params: { path: { id: record.id }, header: { 'if-match': firstEtag } },
    body: { proposal },
  });
  if (!stale.error) throw new Error('a stale If-Match was accepted');

  // The run's settings are optional: no body at all.
  const queued = expectData('run', await client.POST('/v1/proposals/{id}/runs', { params: { path: { id: record.id } } }));
  const stream = await client.GET('/v1/runs/{id}/events', { params: { path: { id: queued.id } }, parseAs: 'stream' });
  if (!stream.data) throw new Error(`events: ${stream.response.status}`);
  const events = await readEvents(stream.data);

  const scores = expectData('scores', await client.GET('/v1/scores', { params: { query: { crmRef } } }));
  // The operation answers JSON, PDF or XLSX: without `format` the data is the Report (the type says "or a file").
  const report = expectData('report', await client.GET('/v1/runs/{id}/report', { params: { path: { id: queued.id } } }));
  if (typeof report === 'string') throw new Error('the Report came back as a file');
  const pdf = await client.GET('/v1/runs/{id}/report', { params: { path: { id: queued.id }, query: { format: 'pdf', lang: 'en' } }, parseAs: 'arrayBuffer' });
  if (!pdf.data) throw new Error(`pdf: ${pdf.response.status}`);

  // A share link: no body either; the link's data opens with the token alone.
  const share = expectData('share', await client.POST('/v1/runs/{id}/shares', { params: { path: { id: queued.id } } }));
  const anonymous = createClient<paths>({ baseUrl });
  const shared = expectData('shared data', await anonymous.GET('/r/{token}/data', { params: { path: { token: share.url.slice('/r/'.length) } } }));

  const missing = await client.GET('/v1/runs/{id}', { params: { path: { id: 'no-such-run' } } });
  if (!missing.error) throw new Error('an unknown run was found');

  return {
    proposalId: record.id,
    etags: [firstEtag, secondEtag],
    staleUpdate: stale.error,
    runId: queued.id,
    events,
    scores,
    reportSeed: report.run.seed,
    reportInputHash: report.run.inputHash,
    pdfBytes: pdf.data.byteLength,
    sharedReportSeed: shared.report.run.seed,
    unknownRun: missing.error,
  };
}
