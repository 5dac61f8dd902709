/**
 * The HTTP API (DESIGN §2 api/): a fastify app over the Store, with zod request
 * and response schemas (one definition for validation, serialisation and the
 * OpenAPI document), API keys with scopes, a per-key rate limit, timeouts for
 * slow clients, and every error as an `application/problem+json` document
 * from the error catalogue. The event loop's thread does I/O only: proposals
 * are validated, analysed and rendered on worker threads (api/runs/compute.ts).
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENGINE_VERSION } from '../engine/constants.js';
import { assertRouteScope, isProtectedUrl, registerAuth } from './auth.js';
import { clientErrorHandler, frameworkErrorHandler, installRequestLog, sendProblem } from './error-handling.js';
import { jsonLimitsProblem } from './json-limits.js';
import { type Limits, MAX_HEADER_BYTES, RATE_LIMIT_WINDOW_MS, resolveLimits } from './limits.js';
import { OperationRegistry, finishDocument, openapiPath } from './openapi.js';
import { ApiError } from './problem.js';
import { actualsRoutes } from './routes/actuals.js';
import { analyzeRoutes } from './routes/analyze.js';
import { catalogRoutes } from './routes/catalog.js';
import type { RouteDeps } from './routes/common.js';
import { healthRoutes } from './routes/health.js';
import { defaultWebRoot, pageRoutes, requestLogSerializer } from './routes/page.js';
import { proposalDiffRoutes } from './routes/proposal-diff.js';
import { proposalRoutes } from './routes/proposals.js';
import { runRoutes } from './routes/runs.js';
import { scoreRoutes } from './routes/scores.js';
import { shareRoutes } from './routes/shares.js';
import { Compute } from './runs/compute.js';
import type { Executor } from './runs/executor.js';
import type { Scope, Store } from './store/types.js';

export interface BuildAppOptions {
  store: Store;
  /** The run executor of this process: woken after a run is queued (null: another process executes runs). */
  executor?: Executor | null;
  limits?: Partial<Limits>;
  /** fastify's logger option: false (default), true, or pino options. */
  logger?: boolean | object;
  /** The built web app (index.html, assets/) the share pages serve; default: the package's web/dist. */
  webRoot?: string;
}

/** One registered route, as the route table lists it. */
export interface RouteSummary {
  method: string;
  url: string;
  /** The scope the route requires; null for public routes. */
  scope: Scope | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app with the scope it requires (collected by an onRoute hook). */
    routeList: RouteSummary[];
    /** The limits the app runs with. */
    limits: Limits;
    /** The worker threads that compute for the app. */
    compute: Compute;
  }
}

const OPENAPI_URL = '/openapi.json';
const DOCS_PREFIX = '/docs';

/**
 * The fastify app of the API, ready to `listen` or `inject`. The caller owns the
 * store and the executor (closing the app closes neither; it stops the app's
 * worker threads).
 * @example const app = await buildApp({ store: await openStore({ sqliteFile: ':memory:' }) })
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const limits = resolveLimits(options.limits);
  const loggerOptions =
    options.logger === true
      ? { level: 'info', redact: ['req.headers.authorization'] }
      : options.logger === false || options.logger === undefined
        ? false
        : options.logger;
  // Share links carry their token in the path: the logged URL never shows it.
  const logger =
    loggerOptions === false
      ? false
      : { ...loggerOptions, serializers: { ...(loggerOptions as { serializers?: object }).serializers, req: requestLogSerializer } };
  const app = Fastify({
    logger,
    // One line per request, written by installRequestLog when the request ends.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Long ids must reach the route (and its 400), not fall through to a 404; URLs are bounded by the header size limit anyway.
    routerOptions: { maxParamLength: 65_536 },
    // Shutting down answers 503 SHUTTING_DOWN as a problem (below), not fastify's plain JSON.
    return503OnClosing: false,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckIntervalMs,
      maxHeaderSize: MAX_HEADER_BYTES,
      // A request without Host reaches fastify and is answered as a problem (Node would answer an empty 400).
      requireHostHeader: false,
    },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('limits', limits);
  const compute = new Compute(limits);
  app.decorate('compute', compute);
  app.addHook('onClose', () => compute.close());

  installRequestLog(app);
  installBodyParser(app, limits);
  app.setErrorHandler((error: unknown, request, reply) => sendProblem(reply, request, error));

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw new ApiError('SHUTTING_DOWN', 'the server is shutting down', undefined, { 'retry-after': '5' });
    }
    // HTTP/1.1 requires Host (RFC 9112 §3.2).
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      throw new ApiError('MALFORMED_REQUEST', 'an HTTP/1.1 request needs a Host header');
    }
  });

  // The route table, the scope check and the OpenAPI registry; before any route is added.
  const routeList: RouteSummary[] = [];
  const operations = new OperationRegistry();
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route: RouteOptions) => {
    assertRouteScope(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeList.push({ method, url: route.url, scope: route.config?.scope ?? null });
    const isProtected = isProtectedUrl(route.url);
    if (isProtected && route.schema) route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
    operations.add(route, isProtected);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, notFoundOrWrongMethod(routeList, request.method, request.url)));

  registerAuth(app, store);
  await app.register(rateLimit, {
    global: true,
    max: limits.rateLimit,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ApiError('RATE_LIMITED', `more than ${context.max} requests in a minute; retry in ${context.after}`),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'closedloop API',
        version: ENGINE_VERSION,
        description:
          'Monte Carlo ROI analyses of enterprise AI proposals: stored proposals with versions, runs executed in the background, reports as JSON, PDF or XLSX, actuals and their tracking against the forecast, ROI scores for CRM systems, and read-only share links for executives. Every error is application/problem+json with a stable `code` (docs/errors.md); a method a path does not support answers 405 METHOD_NOT_ALLOWED with `Allow`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key> (closedloop keys create)' },
        },
      },
      tags: [
        { name: 'proposals', description: 'Stored proposals and their versions' },
        { name: 'runs', description: 'Analyses executed in the background' },
        { name: 'analyze', description: 'Synchronous analyses' },
        { name: 'tracking', description: "What a pilot measured (actuals, versioned per proposal) and the tracking runs that compare it with the forecast" },
        { name: 'scores', description: 'ROI scores for CRM systems' },
        { name: 'catalog', description: 'Templates and JSON Schemas' },
        { name: 'shares', description: 'Read-only links to a run for people without an API key, and the page they open' },
        { name: 'health', description: 'Probes and this document' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => finishDocument((document as { openapiObject: Record<string, any> }).openapiObject, operations) as never,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  app.get(
    OPENAPI_URL,
    {
      schema: {
        operationId: 'getOpenApi',
        tags: ['health'],
        summary: 'This OpenAPI document',
        response: { 200: z.record(z.string(), z.unknown()).describe('The OpenAPI 3.0 document of the API') },
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger())),
  );

  const deps: RouteDeps = { store, executor: options.executor ?? null, limits, compute };
  await app.register(healthRoutes, deps);
  await app.register(analyzeRoutes, deps);
  await app.register(proposalRoutes, deps);
  await app.register(proposalDiffRoutes, deps);
  await app.register(runRoutes, deps);
  await app.register(actualsRoutes, deps);
  await app.register(scoreRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(shareRoutes, deps);
  await app.register(pageRoutes, { ...deps, webRoot: options.webRoot ?? defaultWebRoot() });

  await app.ready();
  return app;
}

/** A fastify URL pattern as a regular expression over a request path (`:id` one segment, `*` the rest). */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * 405 METHOD_NOT_ALLOWED (with Allow) when another method serves the path, else 404 NOT_FOUND.
 * @example notFoundOrWrongMethod(routes, 'PATCH', '/v1/proposals/x') // ApiError 405, Allow: DELETE, GET, HEAD, PUT
 */
function notFoundOrWrongMethod(routes: readonly RouteSummary[], method: string, url: string): ApiError {
  const path = url.split('?')[0];
  const allowed = new Set<string>();
  for (const r of routes) if (patternOf(r.url).test(path)) allowed.add(r.method);
  if (allowed.size > 0 && !allowed.has(method)) {
    const allow = [...allowed].sort().join(', ');
    return new ApiError('METHOD_NOT_ALLOWED', `${openapiPath(path)} answers ${allow}, not ${method}`, undefined, { allow });
  }
  return new ApiError('NOT_FOUND', `no route ${method} ${path}`);
}

/**
 * JSON bodies only (anything else is 415): secure-json-parse with prototype
 * poisoning as an error, then the value and depth limits; an empty body reads
 * as no body.
 */
function installBodyParser(app: FastifyInstance, limits: Limits): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (err: Error | null, value?: unknown) => {
      if (!err) {
        const tooBig = jsonLimitsProblem(value, limits.maxJsonValues, limits.maxJsonDepth);
        done(tooBig ? new ApiError('PAYLOAD_TOO_LARGE', tooBig) : null, tooBig ? undefined : value);
        return;
      }
      try {
        JSON.parse(text);
      } catch (e) {
        done(new ApiError('MALFORMED_BODY', `the body is not valid JSON: ${(e as Error).message}`), undefined);
        return;
      }
      done(
        new ApiError('INVALID_REQUEST', 'the body has a "__proto__" or "constructor.prototype" key, which is not allowed', [
          { path: '', message: 'forbidden key "__proto__" or "constructor.prototype" (prototype poisoning)' },
        ]),
        undefined,
      );
    });
  });
}
