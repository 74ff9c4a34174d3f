import { ProposedActionSchema } from '@agentcore/core';
import { DEFAULT_POLICY_SOURCES, PolicyEngine } from '@agentcore/policy';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

describe('annotations under the default policies', () => {
  const harness = useHarness();

  it('lets reads through and gates every write', async () => {
    // Prepare
    const connected = await harness.connect();
    const { tools } = await connected.client.listTools();
    const engine = new PolicyEngine({
      policies: DEFAULT_POLICY_SOURCES,
      clock: () => new Date('2026-01-14T10:00:00Z'),
      catalog: {
        tools: tools.map((tool) => ({ name: `jira__${tool.name}`, annotations: tool.annotations })),
      },
    });
    const decide = (tool: string) =>
      engine.decide(
        ProposedActionSchema.parse({
          requester: { userId: 'U_ALICE', groups: [] },
          origin: { source: 'cli' },
          query: tool,
          summary: tool,
          intendedTools: [`jira__${tool}`],
        }),
      ).outcome;

    // Act
    const outcomes = Object.fromEntries(tools.map((tool) => [tool.name, decide(tool.name)]));

    // Assess
    expect(outcomes).toEqual({
      list_issues: 'allow',
      lookup_project_key: 'allow',
      list_projects_for_user: 'allow',
      create_project: 'require_approval',
      bulk_issue_upload: 'require_approval',
      add_project_admin: 'require_approval',
      delete_project_issues: 'require_approval',
      delete_project: 'require_approval',
    });
    expect(
      tools
        .filter((tool) => tool.name.startsWith('delete_'))
        .map((tool) => tool.annotations?.destructiveHint),
    ).toEqual([true, true]);
  });
});
