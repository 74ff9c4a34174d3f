import {
  AlreadyDecidedError,
  DomainError,
  IllegalTransitionError,
  isTransientFault,
  RetryableError,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { NotAuthorisedError, WorkflowError } from '@agentcore/workflow';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An answer the API gives on purpose (401, 403, 404, 413, 429 …), with a stable code. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    requestId: string;
  };
}

export interface MappedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
  /** A genuine fault: logged with its cause; the caller only sees a request id. */
  fault: boolean;
}

const STATUS_BY_DOMAIN_CODE: Record<string, ContentfulStatusCode> = {
  validation_failed: 400,
  not_found: 404,
  illegal_transition: 409,
  status_conflict: 409,
  version_conflict: 409,
  calls_changed: 409,
  already_decided: 409,
  already_exists: 409,
  duplicate: 409,
};

/**
 * The one place an error becomes an HTTP answer: expected outcomes get their 4xx and a message
 * for people; passing faults 503 (try again); anything else 500 with only a request id. No stack,
 * no cause, no internal message ever reaches the caller.
 */
export function mapError(error: unknown, requestId: string): MappedError {
  const answer = (
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: Partial<Pick<MappedError, 'headers' | 'fault'>> & {
      issues?: ErrorBody['error']['issues'];
    } = {},
  ): MappedError => ({
    status,
    body: {
      error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}), requestId },
    },
    headers: extra.headers ?? {},
    fault: extra.fault ?? false,
  });
  if (error instanceof HttpError) {
    return answer(error.status, error.code, error.message, { headers: error.headers });
  }
  if (error instanceof ValidationError) {
    return answer(400, error.code, error.message, { issues: error.issues });
  }
  if (error instanceof NotAuthorisedError) return answer(403, error.code, error.message);
  if (
    error instanceof AlreadyDecidedError ||
    error instanceof StatusConflictError ||
    error instanceof IllegalTransitionError
  ) {
    return answer(409, error.code, error.message);
  }
  if (error instanceof DomainError) {
    return answer(STATUS_BY_DOMAIN_CODE[error.code] ?? 400, error.code, error.message);
  }
  if (error instanceof WorkflowError) {
    // wrong_status and the like: the request is not in a state where this applies.
    return answer(409, error.code, error.message);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return answer(
      status,
      status === 413 ? 'too_large' : 'bad_request',
      error.message || 'bad request',
    );
  }
  if (error instanceof RetryableError || isTransientFault(error)) {
    return answer(
      503,
      'unavailable',
      error instanceof RetryableError
        ? error.message
        : 'a service we depend on is busy or unreachable; try again shortly',
      { headers: { 'retry-after': '2' }, fault: true },
    );
  }
  return answer(500, 'internal_error', `something went wrong on our side (request ${requestId})`, {
    fault: true,
  });
}
