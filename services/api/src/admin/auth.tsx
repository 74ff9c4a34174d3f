/** @jsxImportSource hono/jsx */
import type { ApiRole } from '@agentcore/store';
import { Context, type Hono, type MiddlewareHandler } from 'hono';
import { HttpError } from '../http-errors.js';
import { hasRole, type Principal } from '../principal.js';
import { type AdminDeps, type AdminEnv, asApiContext } from './deps.js';
import { formFields } from './forms.js';
import { Page } from './layout.js';
import {
  clearSessionCookie,
  csrfTokenOf,
  loginCsrf,
  loginCsrfMatches,
  mayServeOverThisScheme,
  safeNext,
  sameText,
  sessionToken,
  setSessionCookie,
} from './security.js';
import { newSessionToken, sessionHashOf } from './session-store.js';

const DEFAULT_SESSION_SECONDS = 8 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Where a principal lands after signing in. */
export function homeOf(principal: Principal): string {
  return hasRole(principal, 'approver') ? '/admin/approvals' : '/admin/requests';
}

/**
 * The principal a session cookie stands for, or undefined. The session holds who signed in; the
 * key it was made with is read again each time, so a revoked key (or fewer roles) ends what the
 * page may do at once. Groups come from the directory, as for every API call.
 */
async function sessionPrincipal(
  deps: AdminDeps,
  c: Context<AdminEnv>,
  token: string | undefined,
): Promise<Principal | undefined> {
  if (token === undefined || !TOKEN.test(token)) return undefined;
  const session = await deps.admin.sessions.get(sessionHashOf(token));
  if (!session || new Date(session.expiresAt).getTime() <= deps.clock().getTime()) return undefined;
  if (session.keyId === undefined) {
    // Made from the authorizer's identity: the gateway verifies it on every request, and the
    // session holds only while that identity is still the one it was made for.
    const verified = await deps.authenticate(asApiContext(c)).catch(() => undefined);
    if (!verified || verified.userId !== session.userId) return undefined;
    return verified;
  }
  // Made from a key: read again, so its revocation ends the session and its roles are today's.
  const key = await deps.admin.keys.get(session.keyId);
  if (!key || key.revokedAt !== undefined || key.userId !== session.userId) return undefined;
  return {
    userId: session.userId,
    displayName: session.displayName,
    ...(session.email ? { email: session.email } : {}),
    roles: key.roles,
    groups: await deps.directory.groupsOf(session.userId),
    keyId: session.keyId,
  };
}

/**
 * Every page but the login: a signed-in principal, and on every POST the session's CSRF token.
 * Unauthenticated GETs go to the login page; anything else is refused.
 */
export function requireSession(deps: AdminDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const principal = await sessionPrincipal(deps, c, token);
    if (!principal || token === undefined) {
      if (c.req.method === 'GET') {
        const next = encodeURIComponent(new URL(c.req.url).pathname);
        return c.redirect(`/admin/login?next=${next}`, 303);
      }
      throw new HttpError(401, 'unauthenticated', 'sign in again: your session has ended');
    }
    const csrf = csrfTokenOf(token);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const fields = await formFields(c);
      if (!sameText(csrf, fields._csrf)) {
        throw new HttpError(403, 'csrf', 'this form is missing its CSRF token: reload the page');
      }
    }
    c.set('principal', principal);
    c.set('csrf', csrf);
    await next();
    return undefined;
  };
}

/** Refuses a page the principal's role does not reach (403), as the API routes do. */
export function needRole(principal: Principal, role: ApiRole): void {
  if (!hasRole(principal, role)) {
    throw new HttpError(403, 'forbidden', `this page needs the ${role} role`);
  }
}

function LoginPage(props: {
  nonce: string;
  csrf: string;
  next?: string | undefined;
  gatewayIdentity?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <Page
      title="Sign in"
      nonce={props.nonce}
      flash={props.error ? { text: props.error, error: true } : undefined}
    >
      <form method="post" action="/admin/login">
        <input type="hidden" name="_csrf" value={props.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        {props.gatewayIdentity ? (
          <p>
            Your identity provider says you are <strong>{props.gatewayIdentity}</strong>.{' '}
            <button type="submit">Continue</button>
          </p>
        ) : (
          <p>
            <label>
              API key <input type="password" name="key" autocomplete="off" size={60} required />
            </label>{' '}
            <button type="submit">Sign in</button>
          </p>
        )}
        <p class="muted">
          The key is checked and forgotten: this browser gets a session cookie for{' '}
          {Math.round(DEFAULT_SESSION_SECONDS / 3600)} hours, which can do what the key's roles can
          and no more.
        </p>
      </form>
    </Page>
  );
}

/** The key from the form, checked exactly as the API checks a key in a header. */
async function principalFromKey(deps: AdminDeps, c: Context<AdminEnv>, key: string) {
  const probe = new Context(
    new Request(c.req.url, { headers: { authorization: `Bearer ${key.trim()}` } }),
  );
  return deps.authenticate(probe as unknown as Parameters<AdminDeps['authenticate']>[0]);
}

export function authRoutes(app: Hono<AdminEnv>, deps: AdminDeps): void {
  const sessionSeconds = deps.admin.sessionSeconds ?? DEFAULT_SESSION_SECONDS;

  app.get('/login', async (c) => {
    // Behind an authorizer the gateway already knows who this is: offer to continue as them.
    const identity = await deps.authenticate(asApiContext(c)).catch(() => undefined);
    return c.html(
      <LoginPage
        nonce={c.get('nonce')}
        csrf={loginCsrf(c)}
        next={safeNext(c.req.query('next'))}
        gatewayIdentity={identity?.displayName}
      />,
    );
  });

  app.post('/login', async (c) => {
    if (!mayServeOverThisScheme(c)) {
      throw new HttpError(400, 'https_required', 'sign in over https');
    }
    const fields = await formFields(c);
    if (!loginCsrfMatches(c, fields._csrf)) {
      throw new HttpError(403, 'csrf', 'this form is missing its CSRF token: reload the page');
    }
    const principal = await (fields.key
      ? principalFromKey(deps, c, fields.key)
      : deps.authenticate(asApiContext(c))
    ).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 401) return undefined;
      throw error;
    });
    if (!principal) {
      return c.html(
        <LoginPage
          nonce={c.get('nonce')}
          csrf={loginCsrf(c)}
          next={safeNext(fields.next)}
          error="That key is not valid (or it was revoked)."
        />,
        401,
      );
    }
    const token = newSessionToken();
    const now = deps.clock();
    await deps.admin.sessions.put({
      sessionHash: sessionHashOf(token),
      userId: principal.userId,
      displayName: principal.displayName,
      ...(principal.email ? { email: principal.email } : {}),
      roles: [...principal.roles],
      ...(principal.keyId ? { keyId: principal.keyId } : {}),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + sessionSeconds * 1000).toISOString(),
    });
    setSessionCookie(c, token, sessionSeconds);
    return c.redirect(safeNext(fields.next) ?? homeOf(principal), 303);
  });
}

/** Signing out forgets the session on the server, not only in this browser. */
export function logoutRoute(app: Hono<AdminEnv>, deps: AdminDeps): void {
  app.post('/logout', async (c) => {
    const token = sessionToken(c);
    if (token !== undefined && TOKEN.test(token)) {
      await deps.admin.sessions.delete(sessionHashOf(token));
    }
    clearSessionCookie(c);
    return c.redirect('/admin/login', 303);
  });
}
