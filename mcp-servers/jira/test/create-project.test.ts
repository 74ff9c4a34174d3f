import { describe, expect, it } from 'vitest';
import { textOf, useHarness, writesOf } from './support/harness.js';

describe('create_project', () => {
  const harness = useHarness();

  it('creates the project with a template alias and a lead by email, and makes the requester admin', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call(
      'create_project',
      { name: 'Payroll', key: 'PAY', projectTemplateKey: 'Scrum', leadEmail: 'bob@example.com' },
      { requesterEmail: 'carol@example.com' },
    );

    // Assess
    expect(result.isError).toBeFalsy();
    const bob = harness.jira.state.users.find((user) => user.emailAddress === 'bob@example.com');
    const carol = harness.jira.state.users.find(
      (user) => user.emailAddress === 'carol@example.com',
    );
    expect(result.structuredContent).toMatchObject({
      projectKey: 'PAY',
      projectTypeKey: 'software',
      projectTemplateKey: 'com.pyxis.greenhopper.jira:gh-simplified-agility-scrum',
      leadAccountId: bob?.accountId,
      requesterAddedAsAdmin: true,
      projectUrl: `${harness.jira.url}/jira/software/projects/PAY/summary`,
    });
    const project = harness.jira.state.projects.find((candidate) => candidate.key === 'PAY');
    expect(project).toMatchObject({ name: 'Payroll', leadAccountId: bob?.accountId });
    expect(project?.roles.find((role) => role.name === 'Administrators')?.actors).toEqual([
      bob?.accountId,
      carol?.accountId,
    ]);
  });

  it('makes the API user lead when none is given, and says why no requester was added', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_project', {
      name: 'Data Platform',
      key: 'DATA',
      projectTypeKey: 'business',
    });

    // Assess
    const bot = harness.jira.state.users.find((user) => user.emailAddress === harness.jira.email);
    expect(result.structuredContent).toMatchObject({
      leadAccountId: bot?.accountId,
      projectTemplateKey:
        'com.atlassian.jira-core-project-templates:jira-core-simplified-task-tracking',
      requesterAddedAsAdmin: false,
      requesterAdminNote: 'the request carries no requester email',
    });
  });

  it("refuses an unknown template alias with the seed's message, before writing", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_project', {
      name: 'Payroll',
      key: 'PAY',
      projectTemplateKey: 'waterfall',
    });

    // Assess
    expect(textOf(result)).toBe(
      "Unknown project template alias 'waterfall'. Supported aliases: agility-kanban, agility-scrum, basic, basic-software-development-template, gh-kanban-template, gh-scrum-template, kanban, kanban-classic, scrum, scrum-classic, software-basic, or pass a full template key.",
    );
    expect(writesOf(harness.jira)).toEqual([]);
  });

  it('never makes "the first search hit" lead for an email without an exact match', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_project', {
      name: 'Payroll',
      key: 'PAY',
      leadEmail: 'bob@example.co',
    });

    // Assess
    expect(textOf(result)).toBe('Could not resolve lead account id from email: bob@example.co');
    expect(writesOf(harness.jira)).toEqual([]);
  });

  it("reports Jira's field errors for a taken key, without the token", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_project', { name: 'Ops again', key: 'OPS' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Jira rejected the request (HTTP 400): projectKey: Project 'Operations' uses this project key.",
    );
    expect(textOf(result)).not.toContain(harness.jira.apiToken);
  });
});

describe('add_project_admin', () => {
  const harness = useHarness();

  it('adds a person by exact email to the Administrators role, and again is a no-op', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const first = await connected.call('add_project_admin', {
      projectKey: 'ops',
      email: 'carol@example.com',
    });
    const second = await connected.call('add_project_admin', {
      projectKey: 'OPS',
      email: 'carol@example.com',
    });

    // Assess
    const carol = harness.jira.state.users.find(
      (user) => user.emailAddress === 'carol@example.com',
    );
    expect(first.structuredContent).toEqual({
      projectKey: 'OPS',
      roleName: 'Administrators',
      accountId: carol?.accountId,
      added: true,
      alreadyMember: false,
    });
    expect(second.structuredContent).toMatchObject({ added: true, alreadyMember: true });
    const ops = harness.jira.state.projects.find((project) => project.key === 'OPS');
    expect(ops?.roles[0]?.actors.filter((id) => id === carol?.accountId)).toHaveLength(1);
  });

  it.each([
    [{ projectKey: 'OPS' }, 'Provide accountId or email'],
    [
      { projectKey: 'OPS', email: 'nobody@example.com' },
      'Could not resolve accountId from email: nobody@example.com',
    ],
    [
      { projectKey: 'OPS', email: 'bob@example.com', roleName: 'Owners' },
      "Could not find a role named 'Owners' for project OPS",
    ],
    [
      { projectKey: 'NOPE', email: 'bob@example.com' },
      "Jira rejected the request (HTTP 404): No project could be found with key 'NOPE'.",
    ],
  ])('refuses %j', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_project_admin', args);

    // Assess
    expect(textOf(result)).toBe(message);
    expect(writesOf(harness.jira)).toEqual([]);
  });
});
