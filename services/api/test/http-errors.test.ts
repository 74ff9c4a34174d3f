import {
  AlreadyDecidedError,
  NotFoundError,
  RetryableError,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { NotAuthorisedError, WrongStatusError } from '@agentcore/workflow';
import { describe, expect, it } from 'vitest';
import { HttpError, mapError } from '../src/http-errors.js';

describe('mapError', () => {
  it.each([
    [new ValidationError('body', [{ path: 'a.b', message: 'is wrong' }]), 400, 'validation_failed'],
    [new HttpError(401, 'unauthenticated', 'no key'), 401, 'unauthenticated'],
    [new NotAuthorisedError('not yours'), 403, 'not_authorised'],
    [new NotFoundError('request', 'X'), 404, 'not_found'],
    [new AlreadyDecidedError('X', 'approved'), 409, 'already_decided'],
    [new StatusConflictError('X', 'pending', 'approved'), 409, 'status_conflict'],
    [new WrongStatusError('expired'), 409, 'wrong_status'],
    [
      new HttpError(429, 'too_many_requests', 'slow down', { 'retry-after': '3' }),
      429,
      'too_many_requests',
    ],
    [new RetryableError('the store is busy'), 503, 'unavailable'],
  ])('maps %s to %i %s', (error, status, code) => {
    const mapped = mapError(error, 'req-1');

    expect(mapped.status).toBe(status);
    expect(mapped.body.error.code).toBe(code);
    expect(mapped.body.error.requestId).toBe('req-1');
  });

  it('keeps field paths of validation errors', () => {
    const mapped = mapError(
      new ValidationError('body', [{ path: 'toolCalls.0.tool', message: 'x' }]),
      'r',
    );

    expect(mapped.body.error.issues).toEqual([{ path: 'toolCalls.0.tool', message: 'x' }]);
  });

  it('tells nothing of an unexpected fault but the request id', () => {
    const error = new TypeError(
      "Cannot read properties of undefined (reading 'secret') at /srv/app.js:12",
    );

    const mapped = mapError(error, 'req-9');

    expect(mapped.status).toBe(500);
    expect(mapped.fault).toBe(true);
    expect(JSON.stringify(mapped.body)).not.toMatch(/secret|app\.js|TypeError/);
    expect(mapped.body.error.message).toContain('req-9');
  });

  it('answers 503 with Retry-After for a passing AWS fault', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });

    const mapped = mapError(throttled, 'r');

    expect(mapped.status).toBe(503);
    expect(mapped.headers['retry-after']).toBe('2');
    expect(mapped.body.error.message).not.toContain('Rate exceeded');
  });
});
