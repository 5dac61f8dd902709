/**
 * What a delivery team's tool does with the pilot's measurements, written
 * against the generated client (./schema.ts) and openapi-fetch: upload the
 * actuals as CSV, upload a correction as JSON with If-Match, run a tracking
 * run, follow it to the end, read the proposal's tracking and the CRM's
 * scores with their tracked status. It compiles under `tsc --strict` only if
 * the document types these routes exactly enough for a generated client.
 * (Its result's type is the client's own: the Report's `replan: null` reads
 * differently through openapi-fetch than through `paths`.)
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

function expectData<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/**
 * The tracking flow against a running server, for a stored proposal with a crmRef.
 * @example const result = await trackingFlow('http://127.0.0.1:3000', key, proposalId, csv, 'OPP-1')
 */
export async function trackingFlow(baseUrl: string, apiKey: string, proposalId: string, csv: string, crmRef: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
  const path = { id: proposalId };

  // CSV goes as it is: the client must not JSON-encode it.
  const first = await client.PUT('/v1/proposals/{id}/actuals', {
    params: { path },
    body: csv,
    bodySerializer: (text) => text as string,
    headers: { 'content-type': 'text/csv' },
  });
  expectData('upload', first);
  const firstEtag = first.response.headers.get('etag') ?? '';

  const rows = [{ scenario: 'reference', month: 1, measure: 'adoption', value: 0.03 }];
  const unconditional = await client.PUT('/v1/proposals/{id}/actuals', { params: { path }, body: rows });
  if (!unconditional.error) throw new Error('a second upload without If-Match was accepted');
  const bad = await client.PUT('/v1/proposals/{id}/actuals', { params: { path, header: { 'if-match': firstEtag } }, body: [{ ...rows[0], scenario: 'nope' }] });
  if (!bad.error) throw new Error('a bad upload was accepted');
  const second = await client.PUT('/v1/proposals/{id}/actuals', { params: { path, header: { 'if-match': firstEtag } }, body: { actuals: rows } });
  const version = expectData('second upload', second);
  const versions = expectData('versions', await client.GET('/v1/proposals/{id}/actuals', { params: { path } })).items.map((v) => v.version);

  // Track the first version: the CSV the pilot sent.
  const queued = expectData('tracking run', await client.POST('/v1/proposals/{id}/runs', { params: { path }, body: { trials: 2000, seed: 11, actuals: version.version - 1 } }));
  for (let i = 0; ; i++) {
    const run = expectData('run', await client.GET('/v1/runs/{id}', { params: { path: { id: queued.id } } }));
    if (run.status === 'succeeded') break;
    if (run.status !== 'queued' && run.status !== 'running') throw new Error(`the tracking run ${run.status}: ${JSON.stringify(run.error)}`);
    if (i > 1200) throw new Error('the tracking run did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
  const tracking = expectData('tracking', await client.GET('/v1/proposals/{id}/tracking', { params: { path } }));
  const scores = expectData('scores', await client.GET('/v1/scores', { params: { query: { crmRef } } }));
  return {
    etags: [firstEtag, second.response.headers.get('etag') ?? ''],
    missingIfMatch: unconditional.error,
    badUpload: bad.error,
    versions,
    runId: queued.id,
    tracking,
    scores,
  };
}
