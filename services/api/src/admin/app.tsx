/** @jsxImportSource hono/jsx */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { mapError } from '../http-errors.js';
import { analyticsRoutes } from './analytics-page.js';
import { approvalRoutes } from './approvals-page.js';
import { auditPageRoutes } from './audit-page.js';
import { authRoutes, homeOf, logoutRoute, requireSession } from './auth.js';
import type { AdminDeps, AdminEnv } from './deps.js';
import { Page } from './layout.js';
import { policyPageRoutes } from './policies-page.js';
import { requestPageRoutes } from './request-page.js';
import { contentSecurityPolicy, newNonce } from './security.js';
import { serverPageRoutes } from './servers-page.js';

/**
 * The admin UI: server-rendered pages under `/admin`, on the API's own app (locally and on
 * Lambda), signed in with an API key (or the authorizer's identity) and a session cookie. Its
 * pages call the same use-cases and functions the API routes call, as the signed-in principal.
 */
export function adminApp(deps: AdminDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.use(async (c, next) => {
    const nonce = newNonce();
    c.set('nonce', nonce);
    await next();
    c.header('content-security-policy', contentSecurityPolicy(nonce));
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
    c.header('cache-control', 'no-store');
  });

  app.onError((error, c) => {
    const mapped = mapError(error, c.get('requestId') ?? randomUUID());
    if (mapped.fault) {
      deps.telemetry.logger.error('admin page failed', {
        error: error instanceof Error ? { name: error.name, message: error.message } : error,
      });
    }
    for (const [name, value] of Object.entries(mapped.headers)) c.header(name, value);
    const { message, issues } = mapped.body.error;
    return c.html(
      <Page
        title={mapped.status === 403 ? 'Not allowed' : `Error ${mapped.status}`}
        nonce={c.get('nonce') ?? newNonce()}
        principal={c.get('principal')}
        csrf={c.get('csrf')}
        flash={{ text: message, error: true }}
      >
        {issues ? (
          <ul>
            {issues.map((issue) => (
              <li>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href="/admin">Back</a>
        </p>
      </Page>,
      mapped.status,
    );
  });

  authRoutes(app, deps);
  app.use(requireSession(deps));
  logoutRoute(app, deps);
  // `/admin` and `/admin/` (a sub-app's route cannot name the trailing slash) go home.
  app.use(async (c, next) => {
    if (!/^\/admin\/?$/.test(new URL(c.req.url).pathname)) return next();
    return c.redirect(homeOf(c.get('principal')), 303);
  });
  approvalRoutes(app, deps);
  requestPageRoutes(app, deps);
  serverPageRoutes(app, deps);
  policyPageRoutes(app, deps);
  analyticsRoutes(app, deps);
  auditPageRoutes(app, deps);
  return app;
}
