import { ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  classifyTools,
  InvalidCatalogError,
  type ToolAnnotations,
  type ToolOverride,
} from '../src/index.js';

describe('tool classification', () => {
  it.each([
    {
      name: 'no annotations: MCP defaults (destructive, open world)',
      annotations: {},
      override: undefined,
      expected: { readOnly: false, destructive: true, idempotent: false, openWorld: true },
    },
    {
      name: 'readOnlyHint',
      annotations: { readOnlyHint: true, destructiveHint: true },
      override: undefined,
      expected: { readOnly: true, destructive: false, idempotent: false, openWorld: true },
    },
    {
      name: 'destructiveHint false',
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
      override: undefined,
      expected: { readOnly: false, destructive: false, idempotent: true, openWorld: false },
    },
    {
      name: 'an override wins over the annotation',
      annotations: { readOnlyHint: true },
      override: { readOnly: false, destructive: false },
      expected: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
    },
    {
      name: 'an override can make a tool read-only',
      annotations: { destructiveHint: true },
      override: { readOnly: true },
      expected: { readOnly: true, destructive: false, idempotent: false, openWorld: true },
    },
  ] satisfies {
    name: string;
    annotations: ToolAnnotations;
    override: ToolOverride | undefined;
    expected: { readOnly: boolean; destructive: boolean; idempotent: boolean; openWorld: boolean };
  }[])('$name', ({ annotations, override, expected }) => {
    // Prepare
    const overrides: Record<string, ToolOverride> = {};
    if (override !== undefined) overrides.jira__tool = override;
    const catalog = { tools: [{ name: 'jira__tool', annotations }], overrides };

    // Act
    const tool = classifyTools(catalog).get('jira__tool');

    // Assess
    expect(tool).toMatchObject({ name: 'jira__tool', server: 'jira', ...expected });
  });

  it('puts each tool in the action groups of its hints, category and server', () => {
    // Prepare
    const catalog = {
      tools: [
        { name: 'google_admin__add_amazon_role' },
        { name: 'gifs__search_gifs', annotations: { readOnlyHint: true, openWorldHint: false } },
      ],
    };

    // Act
    const classes = classifyTools(catalog);

    // Assess
    expect(classes.get('google_admin__add_amazon_role')?.groups).toEqual([
      'hint:open_world',
      'category:aws_role_access',
      'server:google_admin',
    ]);
    expect(classes.get('gifs__search_gifs')?.groups).toEqual(['hint:read_only', 'server:gifs']);
  });

  it("classifies the seed's Google Admin tools, and lets overrides change that", () => {
    // Prepare
    const catalog = {
      tools: [{ name: 'google_admin__get_user' }, { name: 'google_admin__suspend_user' }],
      overrides: { google_admin__suspend_user: { category: 'other' as const } },
    };

    // Act
    const classes = classifyTools(catalog);

    // Assess
    expect(classes.get('google_admin__get_user')).toMatchObject({
      readOnly: true,
      category: 'other',
    });
    expect(classes.get('google_admin__suspend_user')).toMatchObject({
      destructive: true,
      category: 'other',
    });
  });

  it('knows tools that only an override names', () => {
    // Act
    const classes = classifyTools({ overrides: { totp__get_totp_code: { readOnly: true } } });

    // Assess
    expect(classes.get('totp__get_totp_code')).toMatchObject({ readOnly: true, server: 'totp' });
  });

  it.each([
    {
      name: 'a tool listed twice',
      catalog: { tools: [{ name: 'a__b' }, { name: 'a__b' }] },
      error: InvalidCatalogError,
    },
    {
      name: 'an override that is read-only and destructive',
      catalog: { overrides: { a__b: { readOnly: true, destructive: true } } },
      error: InvalidCatalogError,
    },
    {
      name: 'a tool name Bedrock would refuse',
      catalog: { tools: [{ name: 'not a tool name' }] },
      error: ValidationError,
    },
  ])('refuses $name', ({ catalog, error }) => {
    // Act and Assess
    expect(() => classifyTools(catalog)).toThrow(error);
  });
});
