import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The cookie rule: over https (API Gateway, a Function URL) the session cookie is `Secure`,
 * `HttpOnly`, `SameSite=Strict` and `__Host-` prefixed (so no subdomain can set or scope it).
 * Over plain http a browser drops `Secure` cookies, so there the cookie is the same without
 * `Secure`, and the login refuses any plain-http host but loopback (`npm start`).
 */
export interface CookieRule {
  secure: boolean;
  session: string;
  login: string;
  path: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function cookieRule(c: Context): CookieRule {
  const url = new URL(c.req.url);
  const secure = url.protocol === 'https:';
  return secure
    ? { secure, session: '__Host-admin_session', login: '__Host-admin_login', path: '/' }
    : { secure, session: 'admin_session', login: 'admin_login', path: '/admin' };
}

/** Plain http is served to loopback alone: anywhere else a session would cross the wire bare. */
export function mayServeOverThisScheme(c: Context): boolean {
  const url = new URL(c.req.url);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}

export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  const rule = cookieRule(c);
  setCookie(c, rule.session, token, {
    path: rule.path,
    httpOnly: true,
    secure: rule.secure,
    sameSite: 'Strict',
    maxAge: maxAgeSeconds,
  });
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, cookieRule(c).session);
}

export function clearSessionCookie(c: Context): void {
  const rule = cookieRule(c);
  deleteCookie(c, rule.session, { path: rule.path, secure: rule.secure });
}

/**
 * The login form's CSRF token: a random value in a short-lived cookie, echoed by the form
 * (double submit). A forged form from another site can neither read the cookie nor send it.
 */
export function loginCsrf(c: Context): string {
  const rule = cookieRule(c);
  const existing = getCookie(c, rule.login);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, rule.login, token, {
    path: rule.path,
    httpOnly: true,
    secure: rule.secure,
    sameSite: 'Strict',
    maxAge: 900,
  });
  return token;
}

export function loginCsrfMatches(c: Context, presented: unknown): boolean {
  const expected = getCookie(c, cookieRule(c).login);
  return expected !== undefined && sameText(expected, presented);
}

/** A signed-in page's CSRF token: derived from the session token, so only its holder knows it. */
export function csrfTokenOf(sessionTokenValue: string): string {
  return createHmac('sha256', sessionTokenValue).update('admin-csrf').digest('base64url');
}

export function sameText(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Nothing loads from elsewhere; styles and the one script run only with this response's nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Where a login may send the browser next: a page of ours, never another site. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string') return undefined;
  return /^\/admin(\/[\w\-./%?=&]*)?$/.test(next) && !next.includes('//') ? next : undefined;
}
