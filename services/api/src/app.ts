import { randomUUID } from 'node:crypto';
import type { EnginePolicy, Telemetry } from '@agentcore/adapters';
import type { McpClient } from '@agentcore/mcp';
import type { DynamoAuditRepository, DynamoConfigRepository } from '@agentcore/store';
import { Hono } from 'hono';
import { adminApp } from './admin/app.js';
import type { AdminParts } from './admin/deps.js';
import { HttpError, mapError } from './http-errors.js';
import { docsPage, openApiDocument } from './openapi.js';
import { auditRoutes } from './routes/audit.js';
import { callRoutes } from './routes/calls.js';
import { directoryRoutes } from './routes/directory.js';
import { type HealthChecks, healthRoutes } from './routes/health.js';
import { type ApiKeyAdmin, keyRoutes } from './routes/keys.js';
import { policyRoutes } from './routes/policies.js';
import { promptRoutes } from './routes/prompts.js';
import { type RequestRoutesDeps, requestRoutes } from './routes/requests.js';
import { type SecretRoutesDeps, secretRoutes } from './routes/secrets.js';
import { serverRoutes } from './routes/servers.js';
import { toolRoutes } from './routes/tools.js';
import { type ApiEnv, ApiRoutes, type Authenticate } from './routing.js';

export interface ApiDeps extends RequestRoutesDeps, SecretRoutesDeps {
  telemetry: Telemetry;
  authenticate: Authenticate;
  keys: ApiKeyAdmin;
  health: HealthChecks;
  /** Lists the tools (never calls one): for describing and checking what may be called. */
  mcp: McpClient;
  /** Policy as the workflow applies it, for answering what it would say. */
  policy: EnginePolicy;
  /** The versioned configuration the /config routes edit. */
  config: DynamoConfigRepository;
  /** The audit log itself (every stream), for /audit. */
  auditLog: DynamoAuditRepository;
  /** The admin UI's sign-ins. */
  admin: AdminParts;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The request API as one Hono app, served by @hono/node-server locally and by the Lambda adapter
 * on AWS. Every route is declared once (ApiRoutes): the app serves it and /openapi.json lists it.
 */
export function createApp(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { logger, metrics } = deps.telemetry;

  app.use(async (c, next) => {
    // The caller's or a proxy's id, else API Gateway's (from the Lambda event), so our logs and
    // its access logs meet.
    const gateway = (c.env as { event?: { requestContext?: { requestId?: unknown } } } | undefined)
      ?.event?.requestContext?.requestId;
    const given =
      c.req.header('x-request-id') ?? (typeof gateway === 'string' ? gateway : undefined);
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const principal = c.get('principal');
    logger.info('api request', {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ...(principal ? { userId: principal.userId } : {}),
    });
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? randomUUID();
    const mapped = mapError(error, requestId);
    if (mapped.fault) {
      metrics.count('Failure');
      logger.error('api request failed', {
        requestId,
        error: error instanceof Error ? { name: error.name, message: error.message } : error,
      });
    }
    for (const [name, value] of Object.entries(mapped.headers)) c.header(name, value);
    return c.json(mapped.body, mapped.status);
  });

  app.notFound((c) => {
    const mapped = mapError(
      new HttpError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`),
      c.get('requestId') ?? randomUUID(),
    );
    return c.json(mapped.body, mapped.status);
  });

  const routes = new ApiRoutes(app, deps.authenticate);
  healthRoutes(routes, deps.health);
  requestRoutes(routes, deps);
  secretRoutes(routes, deps);
  callRoutes(routes, deps);
  keyRoutes(routes, deps.keys);
  serverRoutes(routes, deps);
  directoryRoutes(routes, deps);
  promptRoutes(routes, deps);
  policyRoutes(routes, deps);
  toolRoutes(routes, deps);
  auditRoutes(routes, deps);

  // The admin UI: pages on the same deps, behind the same principals (see src/admin).
  app.route('/admin', adminApp(deps));

  app.get('/openapi.json', (c) => c.json(openApiDocument(routes.specs, '1')));
  app.get('/docs', (c) => c.html(docsPage()));
  return app;
}
