import { ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { checkToolArguments, toolArgumentIssues } from '../src/tool-arguments.js';

/** Input schemas as MCP servers list them (zod 4's JSON Schema, draft 2020-12). */
const catalog = {
  tools: [
    {
      name: 'ops__reset_2fa',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email', pattern: '^[^@]+@[^@]+$' },
        },
        required: ['email'],
        additionalProperties: false,
      },
    },
    {
      name: 'jira__create_issue',
      inputSchema: {
        type: 'object',
        properties: {
          project: { type: 'string', pattern: '^[A-Z]{2,10}$' },
          labels: { type: 'array', items: { type: 'string', maxLength: 5 } },
          'a/b': { type: 'integer' },
        },
        required: ['project'],
      },
    },
  ],
  unavailable: [{ alias: 'google_admin' }],
};

describe('toolArgumentIssues', () => {
  it('accepts calls their schemas accept', () => {
    const issues = toolArgumentIssues(catalog, [
      { tool: 'ops__reset_2fa', arguments: { email: 'bob@example.com' } },
      { tool: 'jira__create_issue', arguments: { project: 'OPS', labels: ['a'] } },
    ]);

    expect(issues).toEqual([]);
  });

  it('names each bad argument by its path under the call', () => {
    const issues = toolArgumentIssues(catalog, [
      { tool: 'ops__reset_2fa', arguments: { email: 'not-an-email', extra: 1 } },
      { tool: 'jira__create_issue', arguments: { labels: ['fine', 'far too long'], 'a/b': 1.5 } },
    ]);

    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'toolCalls.0.arguments.email', message: 'must match format "email"' },
        { path: 'toolCalls.0.arguments.extra', message: 'is not an argument of this tool' },
        { path: 'toolCalls.1.arguments.project', message: 'is required' },
        { path: 'toolCalls.1.arguments.labels.1', message: expect.stringContaining('5') },
        { path: 'toolCalls.1.arguments.a/b', message: 'must be integer' },
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('refuses an unknown tool, and leaves a tool of an unreachable server to the workflow', () => {
    const issues = toolArgumentIssues(catalog, [
      { tool: 'ops__no_such_tool', arguments: {} },
      { tool: 'google_admin__reset_2fa', arguments: { anything: true } },
    ]);

    expect(issues).toEqual([
      { path: 'toolCalls.0.tool', message: 'no tool ops__no_such_tool is available' },
    ]);
  });
});

describe('checkToolArguments', () => {
  it('throws a ValidationError carrying the issues, and lists no tools for a query', async () => {
    let listed = 0;
    const source = {
      listTools: async () => {
        listed += 1;
        return catalog;
      },
    };

    const refused = await checkToolArguments(source, [
      { tool: 'ops__reset_2fa', arguments: {} },
    ]).catch((error) => error);
    await checkToolArguments(source, undefined);

    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.issues).toEqual([
      { path: 'toolCalls.0.arguments.email', message: 'is required' },
    ]);
    expect(listed).toBe(1);
  });
});
