import { type Requester, RequesterSchema } from '@agentcore/core';
import * as z from 'zod';

/** `_meta` key under which a call carries the requester (never as a command-line argument). */
export const REQUESTER_META_KEY = 'agentcore/requester';
/** `_meta` key under which a call carries the id of the request it runs for. */
export const REQUEST_ID_META_KEY = 'agentcore/request-id';

export interface RequestContext {
  requester?: Requester | undefined;
  requestId?: string | undefined;
}

/** The `_meta` of a `tools/call` request for this context. */
export function toRequestMeta(context: RequestContext): Record<string, unknown> | undefined {
  if (!context.requester && !context.requestId) return undefined;
  return {
    ...(context.requester ? { [REQUESTER_META_KEY]: context.requester } : {}),
    ...(context.requestId ? { [REQUEST_ID_META_KEY]: context.requestId } : {}),
  };
}

/**
 * For server authors: reads the requester and request id from a tool call's `extra._meta`.
 * Malformed values are ignored rather than trusted.
 */
export function readRequestMeta(meta: unknown): RequestContext {
  const record = z.record(z.string(), z.unknown()).safeParse(meta);
  if (!record.success) return {};
  const requester = RequesterSchema.safeParse(record.data[REQUESTER_META_KEY]);
  const requestId = z.string().min(1).max(128).safeParse(record.data[REQUEST_ID_META_KEY]);
  return {
    ...(requester.success ? { requester: requester.data } : {}),
    ...(requestId.success ? { requestId: requestId.data } : {}),
  };
}
