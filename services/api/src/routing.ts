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
// No body this API takes nests deeper (room for rich tool arguments such as Jira's documents).
// Stored, a body nests a few levels deeper still, and DynamoDB refuses items beyond 32 levels
// (a 500 before this bound); far deeper bodies overflow the stack of the recursive walks.
const MAX_BODY_DEPTH = 20;

/** How deep the JSON text nests, read without recursion (so any depth is safe to measure). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

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
  if (nestingDepth(text) > MAX_BODY_DEPTH) {
    throw new ValidationError('body', [
      { path: '', message: `nests deeper than ${MAX_BODY_DEPTH} levels` },
    ]);
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
