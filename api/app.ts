/**
 * The HTTP API (DESIGN §2 api/): a fastify app over the Store, with zod request
 * and response schemas (one definition for validation, serialisation and the
 * OpenAPI document), API keys with scopes, a per-key rate limit, and every
 * error as an `application/problem+json` document from the error catalogue.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ENGINE_VERSION } from '../engine/constants.js';
import { ClosedloopError, type Problem, formatPath } from '../engine/errors.js';
import { statusOf } from './errors.js';
import { assertRouteScope, isProtectedUrl, registerAuth } from './auth.js';
import { type Limits, RATE_LIMIT_WINDOW_MS, resolveLimits } from './limits.js';
import { ApiError, type ApiErrorCode, PROBLEM_CONTENT_TYPE, type ProblemDocument, problem, problemOf, problemSchema } from './problem.js';
import { analyzeRoutes } from './routes/analyze.js';
import { catalogRoutes } from './routes/catalog.js';
import type { RouteDeps } from './routes/common.js';
import { healthRoutes } from './routes/health.js';
import { defaultWebRoot, pageRoutes, requestLogSerializer } from './routes/page.js';
import { proposalRoutes } from './routes/proposals.js';
import { runRoutes } from './routes/runs.js';
import { scoreRoutes } from './routes/scores.js';
import { shareRoutes } from './routes/shares.js';
import type { Executor } from './runs/executor.js';
import { type Scope, StaleVersionError, type Store } from './store/types.js';

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
  }
}

/** Public routes besides /health and /ready. */
const OPENAPI_URL = '/openapi.json';
const DOCS_PREFIX = '/docs';

/** Problem responses every documented route may answer, for the OpenAPI document. */
const problemResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } });

/**
 * The fastify app of the API, ready to `listen` or `inject`. The caller owns the
 * store and the executor (closing the app closes neither).
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
    bodyLimit: limits.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Long ids must reach the route (and its 400), not fall through to a 404; URLs are bounded by Node's header size limit anyway.
    routerOptions: { maxParamLength: 65_536 },
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('limits', limits);

  installBodyParser(app);
  app.setErrorHandler((error: unknown, request, reply) => sendProblem(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  // The route table, the scope check and the OpenAPI decorations; before any route is added.
  const routeList: RouteSummary[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route: RouteOptions) => {
    assertRouteScope(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeList.push({ method, url: route.url, scope: route.config?.scope ?? null });
    if (isProtectedUrl(route.url) && route.schema) {
      const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> };
      route.schema = {
        ...schema,
        security: [{ bearerAuth: [] }],
        response: {
          ...schema.response,
          '4xx': problemResponse('An error (problem+json): 400 invalid request or proposal, 401 no valid key, 403 scope, 404 not found, 409/412/428 state, 413, 415, 429 rate limited'),
          '5xx': problemResponse('An internal error or a timeout (problem+json)'),
        },
      };
    }
  });

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
          'Monte Carlo ROI analyses of enterprise AI proposals: stored proposals with versions, runs executed in the background, reports as JSON, PDF or XLSX, and ROI scores for CRM systems. Errors are application/problem+json with a stable code.',
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
        { name: 'scores', description: 'ROI scores for CRM systems' },
        { name: 'catalog', description: 'Templates and JSON Schemas' },
        { name: 'health', description: 'Probes' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  app.get(OPENAPI_URL, { schema: { hide: true } }, async () => app.swagger());

  const deps: RouteDeps = { store, executor: options.executor ?? null, limits };
  await app.register(healthRoutes, deps);
  await app.register(analyzeRoutes, deps);
  await app.register(proposalRoutes, deps);
  await app.register(runRoutes, deps);
  await app.register(scoreRoutes, deps);
  await app.register(catalogRoutes, deps);
  await app.register(shareRoutes, deps);
  await app.register(pageRoutes, { ...deps, webRoot: options.webRoot ?? defaultWebRoot() });

  await app.ready();
  return app;
}

/**
 * JSON bodies only (anything else is 415): secure-json-parse with prototype
 * poisoning as an error; an empty body reads as no body.
 */
function installBodyParser(app: FastifyInstance): void {
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
        done(null, value);
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

/** How INVALID_REQUEST details name the part of the request that failed validation. */
const PART_NAMES: Record<string, string> = { body: 'the body', querystring: 'the query parameters', params: 'the path parameters', headers: 'the headers' };

/** Error codes of fastify's own 4xx errors → catalogue codes. */
const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
};

/** Details for fastify's errors whose own messages are not meant for API clients. */
const FASTIFY_DETAILS: Record<string, string> = {
  UNSUPPORTED_MEDIA_TYPE: 'the request body must be application/json',
  PAYLOAD_TOO_LARGE: 'the request body is larger than the limit',
  MALFORMED_BODY: 'the request body is not valid JSON',
};

/** The problems of a zod validation failure, with paths relative to the validated part. */
function validationProblems(validation: { instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }[]): Problem[] {
  const problems: Problem[] = [];
  for (const v of validation) {
    const parts: PropertyKey[] = v.instancePath
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? (v.params.keys as string[]) : null;
    if (keys) for (const k of keys) problems.push({ path: formatPath([...parts, k]), message: 'unknown field' });
    else problems.push({ path: formatPath(parts), message: v.message ?? 'invalid' });
  }
  return problems;
}

/** Any error → its problem document (and extra headers); unexpected errors → a generic 500. */
function toProblem(error: unknown, request: FastifyRequest): { doc: ProblemDocument; headers: Record<string, string>; unexpected: boolean } {
  if (error instanceof ApiError) return { doc: problemOf(error), headers: error.headers, unexpected: false };
  if (error instanceof ClosedloopError) return { doc: problemOf(error), headers: {}, unexpected: statusOf(error.code) >= 500 };
  if (error instanceof StaleVersionError) {
    return { doc: problem('PRECONDITION_FAILED', `the proposal is at version ${error.current}`), headers: {}, unexpected: false };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = (error as { validationContext?: string }).validationContext ?? 'request';
    const problems = validationProblems(error.validation);
    return {
      doc: problem('INVALID_REQUEST', `${PART_NAMES[part] ?? 'the request'} ${part === 'body' ? 'does' : 'do'} not match the schema (see problems)`, problems),
      headers: {},
      unexpected: false,
    };
  }
  const fe = error as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { doc: problem(mapped, FASTIFY_DETAILS[mapped]), headers: {}, unexpected: false };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Other client errors fastify raises (a bad URL encoding, an invalid header): their messages carry no internals.
    const code: ApiErrorCode = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'RATE_LIMITED' : 'INVALID_REQUEST';
    const detail = typeof fe.code === 'string' && fe.code.startsWith('FST_') && fe.message ? fe.message : undefined;
    return { doc: problem(code, detail), headers: {}, unexpected: false };
  }
  return {
    doc: problem('INTERNAL', `an unexpected error occurred; it has been logged (request ${request.id})`),
    headers: {},
    unexpected: true,
  };
}

/** Sends an error as application/problem+json (pre-serialised: no response schema applies to errors). */
function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const { doc, headers, unexpected } = toProblem(error, request);
  if (unexpected) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: doc.code, status: doc.status }, 'request rejected');
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.code(doc.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(doc));
}
