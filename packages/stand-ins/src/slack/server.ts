import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomId, type Workspace } from './delivery.js';
import { authorizedRedirect, authorizePage, checkAuthorize } from './oauth-page.js';
import { pageHtml } from './page.js';
import {
  closeFromPage,
  type PageContext,
  pageState,
  postFromPage,
  pressFromPage,
  respondToAction,
  submitFromPage,
} from './page-routes.js';
import { channelOf, type SlackPerson, type SlackWorkspaceState, timestamps } from './state.js';
import { answerWebApi, paramsOf, type SlackFailure, type WebApiContext } from './web-api.js';

export interface SlackStandInOptions {
  /** Signs what the page sends to the gateway, as Slack signs with the app's secret. */
  signingSecret: string;
  /** Where the gateway listens (`/slack/events`, `/slack/interactivity` are appended). */
  gatewayUrl?: string;
  botToken: string;
  botUserId: string;
  people: SlackPerson[];
  /** Channel ids (`C…`) or names; default `general` and `ops`. */
  channels?: string[];
  /** The app's OAuth client, for `oauth.v2.access`. */
  oauth?: { clientId: string; clientSecret: string };
  clock?: () => Date;
  port?: number;
}

export interface SlackStandIn {
  /** For the WebClient's `slackApiUrl`: ends with `/api/`. */
  readonly apiUrl: string;
  /** The page people use. */
  readonly pageUrl: string;
  /**
   * Slack's install screen: `?client_id&scope&redirect_uri&state`; Allow redirects to the
   * (loopback) `redirect_uri` with a one-time `code` for `oauth.v2.access`, and the `state`.
   */
  readonly authorizeUrl: string;
  readonly url: string;
  readonly state: SlackWorkspaceState;
  setGatewayUrl(url: string | undefined): void;
  /** The next call of `method` gets a 429 with `Retry-After`, or `{ok:false, error}`. */
  failNext(method: string, failure: SlackFailure): void;
  /** Forgets messages, ephemerals, views, statuses, deliveries, calls and scripted failures. */
  reset(): void;
  /** A one-time code for `oauth.v2.access`, as Slack's install redirect would carry. */
  issueInstallCode(): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(
  response: ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(json));
}

/**
 * A browser page elsewhere must not reach this server: a `Host` other than its own (DNS
 * rebinding) or an `Origin` other than its own (a cross-origin request) is refused.
 */
function foreignRequest(request: IncomingMessage, port: number): string | undefined {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (request.headers.host ?? '').toLowerCase();
  if (!own.includes(host)) return `Host ${host || '(none)'} is not this server`;
  const origin = request.headers.origin;
  if (origin !== undefined && !own.some((each) => origin.toLowerCase() === `http://${each}`)) {
    return `requests from ${origin} are not served`;
  }
  return undefined;
}

/**
 * The local Slack: the Web API subset we use (real response shapes, `ok:false` errors, 429 on
 * demand, Block Kit limits enforced as Slack enforces them) and a page where people post,
 * reply in threads, press buttons and submit dialogs, each sent to the gateway signed.
 */
export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const clock = options.clock ?? (() => new Date());
  const workspace: Workspace = {
    teamId: 'T_LOCAL',
    teamDomain: 'agentcore-local',
    appId: 'A_LOCAL',
    botUserId: options.botUserId,
    botId: 'B_LOCAL',
    verificationToken: 'local-verification-token',
  };
  const state: SlackWorkspaceState = {
    teamId: workspace.teamId,
    botUserId: options.botUserId,
    botId: workspace.botId,
    people: [...options.people],
    channels: (options.channels ?? ['general', 'ops']).map(channelOf),
    messages: [],
    ephemerals: [],
    views: [],
    threadStatuses: [],
    deliveries: [],
    calls: [],
  };
  let gatewayUrl = options.gatewayUrl?.replace(/\/+$/, '');
  let version = 0;
  let baseUrl = '';
  const nextTs = timestamps(clock);
  const triggers = new Map<string, { userId: string; issuedAtMs: number }>();
  const failures = new Map<string, SlackFailure[]>();
  const installCodes = new Set<string>();
  const changed = () => {
    version += 1;
  };
  const api: WebApiContext = {
    state,
    workspace,
    botToken: options.botToken,
    oauth: options.oauth ?? { clientId: 'local-client-id', clientSecret: 'local-client-secret' },
    installCodes,
    triggers,
    failures,
    nextTs,
    clock,
    changed,
  };
  const page: PageContext = {
    state,
    workspace,
    signingSecret: options.signingSecret,
    gatewayUrl: () => gatewayUrl,
    baseUrl: () => baseUrl,
    triggers,
    responseUrls: new Map(),
    nextTs,
    clock,
    version: () => version,
    changed,
  };

  async function route(request: IncomingMessage, response: ServerResponse, port: number) {
    const refused = foreignRequest(request, port);
    if (refused)
      return sendJson(response, 403, { ok: false, error: 'forbidden', message: refused });
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    if (method === 'GET' && (url.pathname === '/' || url.pathname === '/page')) {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      return response.end(pageHtml());
    }
    if (url.pathname === '/oauth/v2/authorize' && (method === 'GET' || method === 'POST')) {
      const form =
        method === 'POST' ? new URLSearchParams((await readBody(request)) ?? '') : url.searchParams;
      const check = checkAuthorize(form, api.oauth.clientId);
      if (method === 'POST' && check.ok) {
        const code = randomId('code-', 20);
        installCodes.add(code);
        response.writeHead(302, { location: authorizedRedirect(check.request, code) });
        return response.end();
      }
      response.writeHead(check.ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(authorizePage(check, workspace.teamDomain));
    }
    if (method === 'GET' && url.pathname === '/page/state') {
      const since = Number(url.searchParams.get('since') ?? '-1');
      return sendJson(response, 200, pageState(page, url.searchParams.get('user') ?? '', since));
    }
    if (method !== 'POST') return sendJson(response, 404, { ok: false, error: 'not_found' });
    const body = await readBody(request);
    if (body === undefined)
      return sendJson(response, 413, { ok: false, error: 'request_too_large' });
    const contentType = request.headers['content-type'] ?? '';
    const apiMethod = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (apiMethod) {
      const reply = answerWebApi(
        api,
        apiMethod,
        paramsOf(body, contentType),
        request.headers.authorization,
      );
      return sendJson(response, reply.status, reply.json, reply.headers);
    }
    let input: unknown;
    try {
      input = JSON.parse(body || '{}');
    } catch {
      return sendJson(response, 400, { ok: false, error: 'invalid_json' });
    }
    const viewRoute = /^\/page\/views\/([\w-]+)\/(submit|close)$/.exec(url.pathname);
    const actionRoute = /^\/actions\/([\w-]+)$/.exec(url.pathname);
    const reply =
      url.pathname === '/page/messages'
        ? await postFromPage(page, input)
        : url.pathname === '/page/actions'
          ? await pressFromPage(page, input)
          : viewRoute?.[2] === 'submit'
            ? await submitFromPage(page, viewRoute[1] ?? '', input)
            : viewRoute?.[2] === 'close'
              ? closeFromPage(page, viewRoute[1] ?? '', input)
              : actionRoute
                ? respondToAction(page, actionRoute[1] ?? '', input)
                : { status: 404, json: { ok: false, error: 'not_found' } };
    return sendJson(response, reply.status, reply.json);
  }

  let port = options.port ?? 0;
  const server = createServer((request, response) => {
    route(request, response, port).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'internal_error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${baseUrl}/api/`,
    pageUrl: `${baseUrl}/`,
    authorizeUrl: `${baseUrl}/oauth/v2/authorize`,
    url: baseUrl,
    state,
    setGatewayUrl(url) {
      gatewayUrl = url?.replace(/\/+$/, '');
    },
    failNext(method, failure) {
      const queue = failures.get(method) ?? [];
      queue.push(failure);
      failures.set(method, queue);
    },
    reset() {
      for (const list of [
        state.messages,
        state.ephemerals,
        state.views,
        state.threadStatuses,
        state.deliveries,
        state.calls,
      ]) {
        list.length = 0;
      }
      failures.clear();
      triggers.clear();
      page.responseUrls.clear();
      changed();
    },
    issueInstallCode() {
      const code = randomId('code-', 20);
      installCodes.add(code);
      return code;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
