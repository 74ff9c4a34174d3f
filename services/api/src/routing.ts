import { parseOrThrow, ValidationError } from '@agentcore/core';
import type { ApiRole } from '@agentcore/store';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { HttpError } from './http-errors.js';
import { hasRole, type Principal } from './principal.js';

/** What every request carries through the app: its id and, once authenticated, who sent it. */
export interface ApiEnv {
  Variables: { requestId: string; principal: Principal };
}
export type ApiContext = Context<ApiEnv>;

/** How a route is described: the app serves it, and the OpenAPI document lists it. */
export interface RouteSpec<
  Body extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono's form: `/requests/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** `public`: no key; otherwise the least role the route needs (each role includes those below). */
  access: 'public' | ApiRole;
  body?: Body;
  query?: Query;
  /** Status code -> what it means, for the document. */
  responses: Record<number, string>;
  /** Answers `text/event-stream` as well as JSON. */
  streams?: boolean;
}

export interface RouteInput<Body, Query> {
  principal: Principal;
  body: Body;
  query: Query;
  params: Record<string, string>;
}

export type Authenticate = (c: ApiContext) => Promise<Principal>;

const MAX_BODY_BYTES = 64 * 1024;

async function readJsonBody(c: ApiContext): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    throw new HttpError(413, 'too_large', `the body is over ${MAX_BODY_BYTES} bytes`);
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'too_large', `the body is over ${MAX_BODY_BYTES} bytes`);
  }
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (type !== '' && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('body', [{ path: '', message: 'is not valid JSON' }]);
  }
}

function queryObject(c: ApiContext): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    const [first] = values;
    if (first !== undefined) query[name] = first;
  }
  return query;
}

/**
 * The routes of the app, each declared once: authentication and the role check, body and query
 * validation (400 with field paths) happen here, before any handler runs.
 */
export class ApiRoutes {
  readonly specs: RouteSpec[] = [];

  constructor(
    private readonly app: Hono<ApiEnv>,
    private readonly authenticate: Authenticate,
  ) {}

  add<Body extends z.ZodType, Query extends z.ZodType>(
    spec: RouteSpec<Body, Query>,
    handle: (
      c: ApiContext,
      input: RouteInput<z.output<Body>, z.output<Query>>,
    ) => Response | Promise<Response>,
  ): void {
    this.specs.push(spec as RouteSpec);
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      let principal = undefined as unknown as Principal;
      if (spec.access !== 'public') {
        principal = await this.authenticate(c);
        if (!hasRole(principal, spec.access)) {
          throw new HttpError(403, 'forbidden', `this needs the ${spec.access} role`);
        }
        c.set('principal', principal);
      }
      const query = spec.query
        ? parseOrThrow(spec.query, queryObject(c), 'query')
        : ({} as z.output<Query>);
      const body = spec.body
        ? parseOrThrow(spec.body, await readJsonBody(c), 'body')
        : ({} as z.output<Body>);
      return handle(c, { principal, body, query, params: c.req.param() as Record<string, string> });
    });
  }
}
