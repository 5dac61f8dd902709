/**
 * The public side of share links: the web page of a shared run (`/r/:token`),
 * its data and its PDF / XLSX, and the page's static assets. These routes are
 * public in the sense of the route table (no scope, outside /v1): the token in
 * the path is their only credential, an API key grants nothing here, and the
 * token never reaches the logs (see requestLogSerializer, installed by app.ts).
 */
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportSchema } from '../../engine/report.js';
import { LANGS, type Lang, defaultLang } from '../../reports/i18n.js';
import type { HeaderName } from '../openapi.js';
import { ApiError } from '../problem.js';
import type { RunRecord, ShareRecord } from '../store/types.js';
import { RENDERERS } from '../../reports/renderers.js';
import { PDF_TYPE, type RouteDeps, XLSX_TYPE, binary, clientGone, rawJson, timestamp } from './common.js';

const HTML_TYPE = 'text/html; charset=utf-8';

/** Headers every share-link answer documents (SHARE_HEADERS). */
const SHARE_DOC_HEADERS: HeaderName[] = ['Cache-Control', 'Content-Security-Policy'];

/** The page and its assets load only from this server; nothing inline, no frames, no forms, no plugins. */
export const SHARE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Headers of every answer to a share link (page, data, files, and their 404s):
 * the token is in the URL, so nothing is cached by shared caches or sent on as
 * a Referer.
 */
export const SHARE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': SHARE_CSP,
  'cache-control': 'private, no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

/** Asset names carry a content hash (vite build): each URL's content never changes. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** The asset types served, by extension; anything else is 404. */
const ASSET_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
});

/** An asset path: plain file-name segments (no dot-files, no `.` / `..`, no backslashes, no encoded bytes). */
const ASSET_PATH = /^(?!\.)[\w@+-][\w.@+-]*(?:\/(?!\.)[\w@+-][\w.@+-]*)*$/;
const MAX_ASSET_PATH_LENGTH = 512;

/** Answer to an unknown, expired or revoked link: no script, no style, both languages. */
export const LINK_NOT_FOUND_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Link not available — 链接不可用</title>
</head>
<body>
<h1>Link not available — <span lang="zh-CN">链接不可用</span></h1>
<p>This link has expired or does not exist — <span lang="zh-CN">此链接已失效或不存在</span></p>
<p>Ask the person who sent it for a new link. — <span lang="zh-CN">请向发送者索取新的链接。</span></p>
</body>
</html>
`;

/** Answer when the web app has not been built (web/dist/index.html missing). */
export const PAGE_UNAVAILABLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Page unavailable — 页面暂不可用</title>
</head>
<body>
<p>The report page is not available on this server yet. — <span lang="zh-CN">此服务器暂时无法显示报告页面。</span></p>
</body>
</html>
`;

/** The package's root folder (where package.json is), from source or from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above api/routes');
    dir = parent;
  }
  return dir;
}

/** Where the built web app is by default: `<package>/web/dist` (npm run build). */
export function defaultWebRoot(): string {
  return join(packageRoot(), 'web', 'dist');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A URL as it may be logged: the segment after any `/r/` (a share token) and
 * anything shaped like a share token are replaced.
 * @example redactShareTokens('/r/sh_abc/data?lang=en') // '/r/[token]/data?lang=en'
 */
export function redactShareTokens(url: string): string {
  const cut = url.search(/[?#]/);
  const path = cut === -1 ? url : url.slice(0, cut);
  const rest = cut === -1 ? '' : url.slice(cut);
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (safeDecode(parts[i]).toLowerCase() === 'r') parts[i + 1] = '[token]';
  }
  return `${parts.join('/')}${rest}`.replace(/sh_[A-Za-z0-9_%-]{8,}/g, 'sh_[token]');
}

/**
 * fastify's request serializer (the same fields as its default) with share
 * tokens removed from the URL: app.ts installs it on the app's logger.
 */
export function requestLogSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactShareTokens(request.url),
    version: request.headers?.['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Options of the page routes: the route dependencies and the built web app's folder. */
export interface PageDeps extends RouteDeps {
  /** The folder with index.html and assets/ (default: defaultWebRoot()). */
  webRoot: string;
}

/** The path of an asset under `assetsDir`, or null when the name is not a servable asset file. */
async function assetFile(assetsDir: string, name: string): Promise<{ path: string; type: string } | null> {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_ASSET_PATH_LENGTH || !ASSET_PATH.test(name)) return null;
  const type = ASSET_TYPES[extname(name).toLowerCase()];
  if (!type) return null;
  const path = resolve(assetsDir, name);
  if (!path.startsWith(assetsDir + sep)) return null;
  try {
    // Symbolic links may not lead out of the folder either.
    const [real, realDir] = await Promise.all([realpath(path), realpath(assetsDir)]);
    if (!real.startsWith(realDir + sep)) return null;
    if (!(await stat(real)).isFile()) return null;
    return { path: real, type };
  } catch {
    return null;
  }
}

export const pageRoutes: FastifyPluginAsyncZod<PageDeps> = async (app, { store, webRoot, compute }) => {
  const root = resolve(webRoot);
  const assetsDir = join(root, 'assets');
  const tokenParams = z.strictObject({ token: z.string().describe('The share token of the link (/r/<token>)') });
  const langQuery = z.strictObject({
    lang: z.enum(LANGS as [Lang, ...Lang[]]).optional().describe('Language of the file (default: zh-CN for CNY proposals, else en)'),
  });

  /** The 404 of the data and file routes: the same answer for unknown, expired and revoked tokens. */
  const linkNotFound = () => new ApiError('NOT_FOUND', 'this link has expired or does not exist', undefined, { ...SHARE_HEADERS });

  const resolveLink = (token: string) => store.resolveShare(token, new Date().toISOString());

  /** The shared run and its Report's stored JSON, or the 404 of a link that does not open. */
  const sharedReport = async (token: string): Promise<{ share: ShareRecord; run: RunRecord; reportJson: string }> => {
    const found = await resolveLink(token);
    if (!found) throw linkNotFound();
    const reportJson = await store.getReportJson(found.share.tenantId, found.run.id);
    if (reportJson === null) throw linkNotFound();
    return { ...found, reportJson };
  };

  /** The language of a shared file: asked for, else the proposal's currency's (read from the Report's head). */
  const langOf = (asked: Lang | undefined, reportJson: string): Lang => {
    if (asked) return asked;
    const m = /"currency":"([A-Z]{3})"/.exec(reportJson.slice(0, 4096));
    return defaultLang(m ? m[1] : (JSON.parse(reportJson) as { proposal: { currency: string } }).proposal.currency);
  };

  app.get(
    '/r/:token',
    {
      config: { openapi: { headers: { 200: SHARE_DOC_HEADERS, 404: SHARE_DOC_HEADERS, 503: SHARE_DOC_HEADERS } } },
      schema: {
        operationId: 'openSharePage',
        tags: ['shares'],
        summary: "The executive page of a shared run (HTML; the link's token is the only credential)",
        description:
          'The web page (ranking, confidence, distributions, roadmap, drill-down, downloads). An unknown, expired or revoked link answers 404 with a small bilingual HTML page; 503 with an HTML page when the web app is not built. Each opening is audited. Served with a strict Content-Security-Policy, never cached.',
        params: tokenParams,
        response: {
          200: { description: 'The page', content: { 'text/html': { schema: z.string().describe('HTML') } } },
          404: { description: 'NOT_FOUND: the link has expired, was revoked or does not exist (a bilingual HTML page)', content: { 'text/html': { schema: z.string().describe('HTML') } } },
          503: { description: 'The web app is not built on this server (an HTML page)', content: { 'text/html': { schema: z.string().describe('HTML') } } },
        },
      },
    },
    async (request, reply) => {
      reply.headers(SHARE_HEADERS).type(HTML_TYPE);
      const found = await resolveLink(request.params.token);
      if (!found) return reply.code(404).send(LINK_NOT_FOUND_HTML);
      let html: Buffer;
      try {
        html = await readFile(join(root, 'index.html'));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
        request.log.error({ webRoot: root }, 'share page: index.html of the web app is missing (npm run build)');
        return reply.code(503).send(PAGE_UNAVAILABLE_HTML);
      }
      if (request.method === 'GET') {
        const { share } = found;
        await store.audit({ tenantId: share.tenantId, actor: `share:${share.id}`, action: 'open', resource: 'share', resourceId: share.id });
      }
      return reply.code(200).send(html);
    },
  );

  app.get(
    '/r/:token/data',
    {
      config: { openapi: { errors: ['NOT_FOUND'], headers: { 200: SHARE_DOC_HEADERS, 404: SHARE_DOC_HEADERS } } },
      schema: {
        operationId: 'getSharedData',
        tags: ['shares'],
        summary: "A shared run and its Report (the link's token is the only credential)",
        description: '404 problem+json for an unknown, expired or revoked link. Never cached (Cache-Control: private, no-store).',
        params: tokenParams,
        response: {
          200: {
            description: 'The run and its Report (schemaVersion 1)',
            content: {
              'application/json': {
                schema: z.object({
                  run: z.object({ id: z.string(), createdAt: timestamp, trials: z.number().int(), seed: z.number().int() }),
                  report: reportSchema,
                }),
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { run, reportJson } = await sharedReport(request.params.token);
      // The stored Report is spliced in as it is, never parsed and re-serialised here.
      const head = JSON.stringify({ id: run.id, createdAt: run.createdAt, trials: run.trials, seed: run.seed });
      return reply.headers(SHARE_HEADERS).type('application/json; charset=utf-8').send(rawJson(`{"run":${head},"report":${reportJson}}`) as never);
    },
  );

  const fileSchema = (operationId: string, summary: string, type: string) => ({
    operationId,
    tags: ['shares'],
    summary,
    description: '404 problem+json for an unknown, expired or revoked link. Sent as an attachment, never cached.',
    params: tokenParams,
    querystring: langQuery,
    response: { 200: { description: summary, content: { [type]: { schema: binary() } } } },
  });
  const fileDoc = {
    openapi: {
      errors: ['NOT_FOUND', 'TIMEOUT', 'OVERLOADED'] as const,
      headers: { 200: [...SHARE_DOC_HEADERS, 'Content-Disposition'] as HeaderName[], 404: SHARE_DOC_HEADERS },
    },
  };

  app.get(
    '/r/:token/report.pdf',
    { config: { openapi: { ...fileDoc.openapi, errors: [...fileDoc.openapi.errors] } }, schema: fileSchema('getSharedPdf', "The shared run's proposal document (PDF)", PDF_TYPE) },
    async (request, reply) => {
      const { run, reportJson } = await sharedReport(request.params.token);
      const lang = langOf(request.query.lang, reportJson);
      const pdf = await compute.render(reportJson, 'pdf', lang, clientGone(reply));
      return reply
        .headers(SHARE_HEADERS)
        .type(PDF_TYPE)
        .header('content-disposition', `attachment; filename="closedloop-${run.id}-${lang}.${RENDERERS.pdf.extension}"`)
        .send(pdf as never);
    },
  );

  app.get(
    '/r/:token/report.xlsx',
    { config: { openapi: { ...fileDoc.openapi, errors: [...fileDoc.openapi.errors] } }, schema: fileSchema('getSharedXlsx', "The shared run's workbook (XLSX)", XLSX_TYPE) },
    async (request, reply) => {
      const { run, reportJson } = await sharedReport(request.params.token);
      const lang = langOf(request.query.lang, reportJson);
      const xlsx = await compute.render(reportJson, 'xlsx', lang, clientGone(reply));
      return reply
        .headers(SHARE_HEADERS)
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="closedloop-${run.id}-${lang}.${RENDERERS.xlsx.extension}"`)
        .send(xlsx as never);
    },
  );

  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const name = (request.params as { '*'?: string })['*'] ?? '';
    const file = await assetFile(assetsDir, name);
    if (!file) throw new ApiError('NOT_FOUND', 'no such asset');
    const body = await readFile(file.path);
    return reply
      .headers({ 'content-security-policy': SHARE_CSP, 'x-content-type-options': 'nosniff', 'cache-control': ASSET_CACHE_CONTROL })
      .type(file.type)
      .send(body);
  });
};
