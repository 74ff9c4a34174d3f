import { ProposedActionSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { directAction, executionPrompt } from '../src/index.js';

describe('execution prompt', () => {
  it('states the approved action with its exact calls', () => {
    // Prepare
    const action = directAction({
      requester: { userId: 'U1' },
      origin: { source: 'cli' },
      tool: 'google_admin__add_amazon_role',
      args: { email: 'alice@example.com', role_arn: 'arn:aws:iam::123456789012:role/Dev' },
      query: 'give alice the Dev role',
      resource: 'arn:aws:iam::123456789012:role/Dev',
      environment: 'prod',
    });

    // Act
    const prompt = executionPrompt(action);

    // Assess
    expect(prompt.split('\n')).toEqual([
      'Approved action: Run google_admin__add_amazon_role with {"email":"alice@example.com","role_arn":"arn:aws:iam::123456789012:role/Dev"}',
      'Original request: give alice the Dev role',
      'Resource: arn:aws:iam::123456789012:role/Dev',
      'Environment: prod',
      'Approved tool calls, in order:',
      '- google_admin__add_amazon_role {"email":"alice@example.com","role_arn":"arn:aws:iam::123456789012:role/Dev"}',
    ]);
  });

  it('leaves out the calls when the proposal had none', () => {
    // Prepare
    const action = ProposedActionSchema.parse({
      requester: { userId: 'U1' },
      origin: { source: 'api' },
      query: 'list my roles',
      summary: 'List the AWS roles of the requester',
    });

    // Act
    const prompt = executionPrompt(action);

    // Assess
    expect(prompt).toBe(
      'Approved action: List the AWS roles of the requester\nOriginal request: list my roles\nEnvironment: dev',
    );
  });
});
