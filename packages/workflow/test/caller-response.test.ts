import {
  AlreadyDecidedError,
  NotFoundError,
  RetryableError,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  NotAuthorisedError,
  NotUnderstoodError,
  recordApproverDecision,
  StaleExecutionError,
  toResponse,
  WrongStatusError,
} from '../src/index.js';
import { MALLORY, World } from './support/world.js';

describe('toResponse', () => {
  it('answers ok with the result', async () => {
    // Act
    const response = await toResponse(async () => ({ requestId: 'R1', status: 'received' }));

    // Assess
    expect(response).toEqual({ ok: true, requestId: 'R1', status: 'received' });
  });

  it('answers a validation error with its code, message and every issue', async () => {
    // Prepare
    const issues = [
      { path: 'requester.userId', message: 'Too small' },
      { path: '', message: 'give a query' },
    ];

    // Act
    const response = await toResponse(async () => {
      throw new ValidationError('request', issues);
    });

    // Assess
    expect(response).toEqual({
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'invalid request: requester.userId: Too small; (root): give a query',
        issues,
      },
    });
  });

  it.each<[string, Error, string]>([
    ['not found', new NotFoundError('request', 'R1'), 'not_found'],
    ['already decided', new AlreadyDecidedError('R1', 'approved'), 'already_decided'],
    ['a status conflict', new StatusConflictError('R1', 'pending', 'approved'), 'status_conflict'],
    [
      'not authorised',
      new NotAuthorisedError('you cannot approve your own request'),
      'not_authorised',
    ],
    ['a wrong status', new WrongStatusError('request R1 is pending'), 'wrong_status'],
    ['a stale execution', new StaleExecutionError('R1', 'arn:old'), 'stale_execution'],
    ['words not understood', new NotUnderstoodError('I could not understand it'), 'not_understood'],
  ])('answers %s with its code and message only', async (_, error, code) => {
    // Prepare
    const withSecretCause = Object.assign(error, { cause: new Error('token=abc123') });

    // Act
    const response = await toResponse(async () => {
      throw withSecretCause;
    });

    // Assess
    expect(response).toEqual({ ok: false, error: { code, message: error.message } });
    expect(JSON.stringify(response)).not.toMatch(/abc123|stack|at async/);
  });

  it.each<[string, unknown]>([
    ['a RetryableError', new RetryableError('DynamoDB throttled')],
    ['an unknown error', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['something that is not an Error', 'boom'],
  ])('throws %s, for Lambda and the state machine to report and retry', async (_, thrown) => {
    // Act
    const outcome = await toResponse(() => Promise.reject(thrown)).catch((error: unknown) => ({
      rethrown: error,
    }));

    // Assess
    expect(outcome).toEqual({ rethrown: thrown });
  });

  it("turns a use-case's refusal into an answer the caller can show", async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');

    // Act
    const response = await toResponse(() =>
      recordApproverDecision(
        {
          approvals: world.approvals,
          tokens: world.tokens,
          directory: world.directory,
          clock: world.clock.now,
        },
        { requestId: item.requestId, approver: MALLORY, verdict: 'approved' },
      ),
    );

    // Assess
    expect(response).toMatchObject({ ok: false, error: { code: 'not_authorised' } });
  });
});
