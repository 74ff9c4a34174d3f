/**
 * Slack's install consent screen (`/oauth/v2/authorize`), locally: it shows what the app asks
 * for and, on Allow, redirects to the app's `redirect_uri` with a one-time `code` and the
 * `state` it was given, as Slack does. Only loopback redirect URIs are accepted, so the local
 * Slack is never an open redirect.
 */

export interface AuthorizeRequest {
  clientId: string;
  scope: string;
  redirectUri: string;
  state: string;
}

export type AuthorizeCheck = { ok: true; request: AuthorizeRequest } | { ok: false; error: string };

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** The authorize parameters, checked as Slack checks them against the app's settings. */
export function checkAuthorize(params: URLSearchParams, clientId: string): AuthorizeCheck {
  const request = {
    clientId: params.get('client_id') ?? '',
    scope: params.get('scope') ?? '',
    redirectUri: params.get('redirect_uri') ?? '',
    state: params.get('state') ?? '',
  };
  if (request.clientId !== clientId) return { ok: false, error: 'invalid_client_id' };
  if (!isLoopbackUrl(request.redirectUri)) return { ok: false, error: 'bad_redirect_uri' };
  return { ok: true, request };
}

export function authorizePage(check: AuthorizeCheck, workspace: string): string {
  const body = check.ok
    ? `<p><b>AgentCore</b> is requesting permission to access the <b>${escapeHtml(workspace)}</b> workspace.</p>
<p>Scopes: <code>${escapeHtml(check.request.scope || '(none)')}</code></p>
<form method="post" action="/oauth/v2/authorize">
${(['client_id', 'scope', 'redirect_uri', 'state'] as const)
  .map((name) => {
    const value = {
      client_id: check.request.clientId,
      scope: check.request.scope,
      redirect_uri: check.request.redirectUri,
      state: check.request.state,
    }[name];
    return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  })
  .join('\n')}
<button type="submit" data-testid="oauth-allow">Allow</button></form>`
    : `<p data-testid="oauth-error">This install link is not valid: ${escapeHtml(check.error)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Install AgentCore · Local Slack</title></head>
<body style="font:15px system-ui,sans-serif;max-width:560px;margin:60px auto">${body}</body></html>`;
}

/** Where Allow sends the browser: the app's redirect URI with the code and the state. */
export function authorizedRedirect(request: AuthorizeRequest, code: string): string {
  const url = new URL(request.redirectUri);
  url.searchParams.set('code', code);
  if (request.state) url.searchParams.set('state', request.state);
  return url.toString();
}
