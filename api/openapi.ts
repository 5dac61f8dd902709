/**
 * The OpenAPI document, exact: every operation lists each status it can
 * answer — the ones every route shares (URL, framing, headers too large, slow
 * client, internal error, shutting down), the ones that follow from the route
 * (a key → 401/403/429, a body → 400/413/415, parameters → 400) and its own —
 * with the catalogue codes behind each status, the problem schema, the
 * response headers (ETag, Location, Retry-After, X-RateLimit-*,
 * Content-Disposition, Cache-Control, WWW-Authenticate, Content-Language,
 * Vary), an operationId, and
 * optional bodies marked optional. Routes declare what is theirs in
 * `config.openapi`; @fastify/swagger builds the rest from their zod schemas
 * and `finishDocument` completes it. The suite lints it with Redocly's
 * `recommended` ruleset and generates a client from it.
 */
import type { RouteOptions } from 'fastify';
import { LANGS } from '../reports/i18n.js';
import { ENGINE_VERSION } from '../engine/constants.js';
import { type ApiErrorCode, errorEntry } from './errors.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem.js';

/** Response headers the API sends, documented once as components. */
export const HEADERS = {
  ETag: { description: 'The version of the proposal, "<id>:<version>", or of its actuals, "<id>:actuals:<version>" (send it back in If-Match)', schema: { type: 'string' } },
  Location: { description: 'The URL of the created resource', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Limit': { description: "Requests allowed per minute for this key (or this client's address)", schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Reset': { description: 'Seconds until the current minute ends', schema: { type: 'integer', minimum: 0 } },
  'Content-Disposition': { description: 'attachment; filename="closedloop-<run>-<lang>.<ext>"', schema: { type: 'string' } },
  'Cache-Control': { description: 'Caching rules (share links: private, no-store)', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'The authentication scheme (Bearer) and, for 401/403, why the key was refused', schema: { type: 'string' } },
  'Content-Security-Policy': { description: "The share page's strict policy: scripts, styles and images from this server only", schema: { type: 'string' } },
  'Content-Language': { description: 'The language of the `rendered` sentences (or of the file), when one was asked for', schema: { type: 'string', enum: [...LANGS] } },
  Vary: { description: 'Accept-Language: the answer depends on it', schema: { type: 'string' } },
} as const;

export type HeaderName = keyof typeof HEADERS;

/** What a route adds to its OpenAPI operation (`config.openapi`). */
export interface RouteDoc {
  /** Codes this operation may answer beyond those that follow from its shape. */
  errors?: ApiErrorCode[];
  /** Response headers by status (beyond the rate-limit headers every limited route sends). */
  headers?: Partial<Record<number, HeaderName[]>>;
  /** The request body may be omitted (an empty body means the defaults). */
  optionalBody?: boolean;
  /** The route is not rate limited (probes). */
  unlimited?: boolean;
  /**
   * A body whose schema is a union of one branch per media type (`consumes`):
   * the branch (its index in the union) each media type's schema is.
   */
  bodyBranches?: Record<string, number>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: RouteDoc;
  }
}

/** Codes every operation may answer: the URL, the HTTP framing, a slow client, a bug, a server shutting down. */
const EVERY_ROUTE: ApiErrorCode[] = ['BAD_URL', 'MALFORMED_REQUEST', 'REQUEST_TIMEOUT', 'HEADERS_TOO_LARGE', 'INTERNAL', 'SHUTTING_DOWN'];
/** Codes of a route that reads a request body (JSON only). */
const WITH_BODY: ApiErrorCode[] = ['MALFORMED_BODY', 'INVALID_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** Codes of a route without a body whose method still has one parsed when sent (DELETE, a POST without a schema): fastify reads it before the route. */
const WITH_UNEXPECTED_BODY: ApiErrorCode[] = ['MALFORMED_BODY', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** Codes of a route that needs an API key. */
const WITH_KEY: ApiErrorCode[] = ['UNAUTHORIZED', 'FORBIDDEN'];

/** One documented operation, collected as routes are added. */
interface Operation {
  doc: RouteDoc;
  protected: boolean;
  hasBody: boolean;
  /** A method whose request body is parsed when one is sent (all but GET and HEAD). */
  parsesBody: boolean;
  hasParameters: boolean;
}

/** The OpenAPI path of a fastify URL: `/v1/runs/:id` → `/v1/runs/{id}`. */
export function openapiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Collects what each route's operation needs (its declared extras and what its
 * schema implies), for finishDocument.
 */
export class OperationRegistry {
  private readonly operations = new Map<string, Operation>();

  /** Records a route (an onRoute hook); routes hidden from the document are skipped. */
  add(route: RouteOptions, isProtected: boolean): void {
    const schema = (route.schema ?? {}) as { hide?: boolean; body?: unknown; params?: unknown; querystring?: unknown; headers?: unknown };
    if (schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      this.operations.set(`${method.toLowerCase()} ${openapiPath(route.url)}`, {
        doc: route.config?.openapi ?? {},
        protected: isProtected,
        hasBody: schema.body !== undefined,
        parsesBody: method !== 'GET',
        hasParameters: schema.params !== undefined || schema.querystring !== undefined || schema.headers !== undefined,
      });
    }
  }

  /** The codes an operation may answer, by status. */
  errorsOf(method: string, path: string): Map<number, ApiErrorCode[]> {
    const op = this.operations.get(`${method} ${path}`);
    const codes = new Set<ApiErrorCode>(EVERY_ROUTE);
    if (op) {
      if (op.hasBody) for (const c of WITH_BODY) codes.add(c);
      else if (op.parsesBody) for (const c of WITH_UNEXPECTED_BODY) codes.add(c);
      if (op.hasParameters) codes.add('INVALID_REQUEST');
      if (op.protected) for (const c of WITH_KEY) codes.add(c);
      if (!op.doc.unlimited) codes.add('RATE_LIMITED');
      for (const c of op.doc.errors ?? []) codes.add(c);
    }
    const byStatus = new Map<number, ApiErrorCode[]>();
    for (const code of codes) {
      const status = errorEntry(code).status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    return byStatus;
  }

  operation(method: string, path: string): Operation | undefined {
    return this.operations.get(`${method} ${path}`);
  }
}

type Json = Record<string, any>;

/** The problem document's schema (RFC 9457), once, as a component. */
const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'An error (RFC 9457 problem details). `code` is stable; see docs/errors.md.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', description: `${PROBLEM_TYPE_BASE}<code>` },
    title: { type: 'string', description: "The code's title" },
    status: { type: 'integer', description: 'The HTTP status' },
    code: { type: 'string', description: 'Stable error code from the catalogue' },
    detail: { type: 'string', description: 'What went wrong in this request, and how to fix it' },
    problems: {
      type: 'array',
      description: 'Each problem of an invalid request or proposal, with its JSON path',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', description: 'JSON path, e.g. scenarios[0].benefits[1].errorRate' }, message: { type: 'string' } },
      },
    },
  },
};

const headerRef = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

/** The response of one error status with the codes behind it. */
function problemResponse(status: number, codes: ApiErrorCode[]): Json {
  const description = codes.map((c) => `${c}: ${errorEntry(c).title}`).join('; ');
  const headers: Json = {};
  if (status === 401 || status === 403) headers['WWW-Authenticate'] = headerRef('WWW-Authenticate');
  if (codes.some((c) => c === 'RATE_LIMITED' || c === 'TOO_MANY_RUNS' || c === 'OVERLOADED' || c === 'SHUTTING_DOWN')) headers['Retry-After'] = headerRef('Retry-After');
  return {
    description,
    ...(Object.keys(headers).length ? { headers } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * Completes the generated document: operationIds are the routes' own; each
 * operation gets every error status it can answer, its response headers,
 * `security: []` when it is public, and an optional body marked optional;
 * 204s lose the empty content zod gives them; servers, license, tags and
 * components are set.
 */
export function finishDocument(document: Json, registry: OperationRegistry): Json {
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) {
      const op = registry.operation(method, path);
      if (!op) continue;
      const responses = operation.responses as Json;
      for (const key of Object.keys(responses)) if (!/^\d{3}$/.test(key)) delete responses[key];
      for (const [status, r] of Object.entries(responses)) {
        if (status === '204') delete r.content;
        const names = [...(op.doc.headers?.[Number(status)] ?? []), ...(op.doc.unlimited ? [] : (['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as HeaderName[]))];
        if (names.length) r.headers = Object.fromEntries(names.map((n) => [n, headerRef(n)]));
      }
      for (const [status, codes] of registry.errorsOf(method, path)) {
        const r = problemResponse(status, codes);
        const extra = op.doc.headers?.[status];
        if (extra) r.headers = { ...r.headers, ...Object.fromEntries(extra.map((n) => [n, headerRef(n)])) };
        const declared = responses[String(status)];
        // A status the route answers in another form too (the share page's HTML 404/503): both forms, both descriptions.
        responses[String(status)] = declared
          ? { ...declared, description: `${declared.description}; or problem+json: ${r.description}`, headers: { ...declared.headers, ...r.headers }, content: { ...declared.content, ...r.content } }
          : r;
      }
      operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
      if (!op.protected) operation.security = [];
      if (op.doc.optionalBody && operation.requestBody) operation.requestBody.required = false;
      for (const [type, branch] of Object.entries(op.doc.bodyBranches ?? {})) {
        const media = operation.requestBody?.content?.[type];
        // The media types share one object (@fastify/swagger): each gets its own.
        if (media?.schema?.anyOf?.[branch]) operation.requestBody.content[type] = { ...media, schema: media.schema.anyOf[branch] };
      }
    }
  }
  document.info = {
    ...document.info,
    license: { name: 'Proprietary (UNLICENSED)', url: 'https://closedloop.dev/license' },
  };
  document.servers = [
    {
      url: '{scheme}://{host}',
      description: 'A closedloop server (`closedloop serve` listens on 127.0.0.1:3000 by default)',
      variables: { scheme: { default: 'http', enum: ['http', 'https'] }, host: { default: '127.0.0.1:3000', description: 'Host and port' } },
    },
  ];
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
    headers: HEADERS,
  };
  document.info.version = ENGINE_VERSION;
  return document;
}
