import { ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { directAction, parseDirectArgs } from '../src/index.js';

describe('direct mode', () => {
  it('builds an action of exactly the named tool and arguments', () => {
    // Act
    const action = directAction({
      requester: { userId: 'ops-bot' },
      origin: { source: 'cli' },
      tool: 'google_admin__suspend_user',
      args: '{"email":"mallory@example.com"}',
      environment: 'prod',
      category: 'user_account_access',
    });

    // Assess
    expect(action).toMatchObject({
      query: 'Run google_admin__suspend_user with {"email":"mallory@example.com"}',
      summary: 'Run google_admin__suspend_user with {"email":"mallory@example.com"}',
      intendedTools: ['google_admin__suspend_user'],
      toolCalls: [
        { tool: 'google_admin__suspend_user', arguments: { email: 'mallory@example.com' } },
      ],
      category: 'user_account_access',
      environment: 'prod',
    });
  });

  it.each([
    ['text that is not JSON', "{email: 'x'}", /not JSON/],
    ['a JSON array', '["x"]', /must be a JSON object/],
    ['JSON null', 'null', /must be a JSON object/],
  ])('refuses %s as arguments', (_, text, message) => {
    expect(() => parseDirectArgs(text)).toThrow(ValidationError);
    expect(() => parseDirectArgs(text)).toThrow(message);
  });

  it('refuses a tool name that is not alias__tool material', () => {
    // Act
    const attempt = () =>
      directAction({
        requester: { userId: 'u' },
        origin: { source: 'cli' },
        tool: 'google admin/suspend',
        args: {},
      });

    // Assess
    expect(attempt).toThrow(ValidationError);
  });
});
