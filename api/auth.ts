/**
 * API keys and scopes. Every /v1 route declares the scope it needs in its route
 * config (`config: { scope: 'read' | 'write' | 'admin' }`); a route without one
 * makes the app fail at start-up, so no route is left open by accident.
 *
 * The key is looked up in `onRequest` (so the per-key rate limit, which runs
 * next, can count by key) and enforced in `preParsing`, before the body is read:
 * a request without a valid key never gets its body parsed.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiKey, Scope, Store } from './store/types.js';
import { ApiError } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a /v1 route requires; public routes have none. */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** The caller's key when the route requires one and the key is valid. */
    apiKey: ApiKey | null;
  }
}

/** Routes under this prefix require a key. */
export const PROTECTED_PREFIX = '/v1/';

/** Longer Authorization values are rejected without a database lookup (keys are ~46 characters). */
const MAX_KEY_LENGTH = 256;

/** admin implies write implies read. */
const SCOPE_RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/**
 * Whether a key with these scopes may use a route that requires `required`.
 * @example hasScope(['write'], 'read') // true
 */
export function hasScope(scopes: readonly Scope[], required: Scope): boolean {
  return scopes.some((s) => (SCOPE_RANK[s] ?? 0) >= SCOPE_RANK[required]);
}

/** Whether a URL is under the authenticated prefix. */
export function isProtectedUrl(url: string): boolean {
  return url === '/v1' || url.startsWith(PROTECTED_PREFIX);
}

/**
 * onRoute check: a /v1 route without a valid scope is a programming error, thrown at start-up.
 * @example app.addHook('onRoute', assertRouteScope)
 */
export function assertRouteScope(route: RouteOptions): void {
  if (!isProtectedUrl(route.url)) return;
  const scope = route.config?.scope;
  if (scope === undefined || !(scope in SCOPE_RANK)) {
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
    throw new Error(`route ${method} ${route.url} declares no scope (config: { scope: 'read' | 'write' | 'admin' }); every ${PROTECTED_PREFIX} route needs one`);
  }
}

/** The bearer token of an Authorization header, or null. */
function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m || m[1].length > MAX_KEY_LENGTH) return null;
  return m[1];
}

/**
 * Installs the key lookup (onRequest) and the scope check (preParsing) on the app.
 * Register it before the rate limit so that the limit can count by key.
 */
export function registerAuth(app: FastifyInstance, store: Store): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config?.scope) return;
    const token = bearerToken(request.headers.authorization);
    request.apiKey = token ? await store.authenticate(token) : null;
  });
  app.addHook('preParsing', async (request) => {
    const required = request.routeOptions.config?.scope;
    if (!required) return;
    const key = request.apiKey;
    if (!key) {
      const given = request.headers.authorization !== undefined;
      throw new ApiError(
        'UNAUTHORIZED',
        given ? 'the API key is not valid or has been revoked' : 'this endpoint needs an API key: Authorization: Bearer <key>',
        undefined,
        { 'www-authenticate': given ? 'Bearer realm="closedloop", error="invalid_token"' : 'Bearer realm="closedloop"' },
      );
    }
    if (!hasScope(key.scopes, required)) {
      throw new ApiError('FORBIDDEN', `this endpoint needs the ${required} scope; the key has ${key.scopes.join(', ') || 'none'}`, undefined, {
        'www-authenticate': `Bearer realm="closedloop", error="insufficient_scope", scope="${required}"`,
      });
    }
  });
}

/**
 * The caller's key on a route that requires one (the hooks guarantee it is there).
 * @example const { tenantId, id: actor } = caller(request)
 */
export function caller(request: FastifyRequest): ApiKey {
  if (!request.apiKey) throw new ApiError('UNAUTHORIZED');
  return request.apiKey;
}
