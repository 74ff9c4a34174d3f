/** A Jira Cloud user as the stand-in knows it; `emailAddress` is visible (a site admin's view). */
export interface JiraUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string;
  readonly active?: boolean;
}

export interface JiraProjectRole {
  readonly id: number;
  readonly name: string;
  /** Account ids of the role's user actors. */
  readonly actors: string[];
}

export interface JiraProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly projectTypeKey: string;
  readonly projectTemplateKey?: string | undefined;
  readonly leadAccountId: string;
  readonly description?: string | undefined;
  readonly roles: JiraProjectRole[];
}

export interface JiraIssue {
  readonly id: string;
  readonly key: string;
  readonly projectKey: string;
  readonly summary: string;
  readonly issuetype: string;
  readonly status: string;
  readonly priority: string;
  /** ADF document, as v3 stores rich text. */
  readonly description?: unknown;
  readonly labels: readonly string[];
  readonly assigneeAccountId?: string | undefined;
  readonly reporterAccountId?: string | undefined;
  readonly created: string;
  readonly updated: string;
}

/** What the stand-in starts from; `reset()` returns to it. */
export interface JiraSeed {
  readonly users: readonly JiraUser[];
  readonly projects: readonly Omit<JiraProject, 'roles'>[];
  readonly issues: readonly Omit<JiraIssue, 'id' | 'key' | 'created' | 'updated'>[];
}

/** The stand-in's mutable site: tests read it to check what a client really changed. */
export interface JiraSiteState {
  readonly users: JiraUser[];
  readonly projects: JiraProject[];
  readonly issues: JiraIssue[];
}

export const JIRA_ISSUE_TYPES = ['Task', 'Story', 'Bug', 'Epic', 'Subtask'] as const;

/** The roles every new project gets, Administrators holding its lead. */
export function defaultRoles(leadAccountId: string): JiraProjectRole[] {
  return [
    { id: 10002, name: 'Administrators', actors: [leadAccountId] },
    { id: 10003, name: 'Member', actors: [] },
    { id: 10004, name: 'Viewer', actors: [] },
  ];
}

const BOT = '712020:0a1b2c3d-0000-4000-8000-00000000b07a';
const ALICE = '712020:0a1b2c3d-0000-4000-8000-0000000a11ce';
const BOB = '712020:0a1b2c3d-0000-4000-8000-000000000b0b';
const CAROL = '712020:0a1b2c3d-0000-4000-8000-00000000ca01';

/** The local sandbox site: a bot account (the API user), three people, two projects. */
export const DEFAULT_JIRA_SEED: JiraSeed = {
  users: [
    { accountId: BOT, displayName: 'AgentCore Bot', emailAddress: 'jira-bot@example.com' },
    { accountId: ALICE, displayName: 'Alice Example', emailAddress: 'alice@example.com' },
    { accountId: BOB, displayName: 'Bob Example', emailAddress: 'bob@example.com' },
    { accountId: CAROL, displayName: 'Carol Example', emailAddress: 'carol@example.com' },
  ],
  projects: [
    {
      id: '10000',
      key: 'OPS',
      name: 'Operations',
      projectTypeKey: 'software',
      projectTemplateKey: 'com.pyxis.greenhopper.jira:gh-simplified-agility-kanban',
      leadAccountId: ALICE,
    },
    {
      id: '10001',
      key: 'WEB',
      name: 'Website',
      projectTypeKey: 'business',
      leadAccountId: BOB,
    },
  ],
  issues: [
    {
      projectKey: 'OPS',
      summary: 'Rotate the staging database password',
      issuetype: 'Task',
      status: 'To Do',
      priority: 'High',
      labels: ['security'],
      assigneeAccountId: ALICE,
      reporterAccountId: BOB,
    },
    {
      projectKey: 'OPS',
      summary: 'Renew the TLS certificate of the status page',
      issuetype: 'Task',
      status: 'In Progress',
      priority: 'Medium',
      labels: ['tls'],
      assigneeAccountId: BOB,
      reporterAccountId: ALICE,
    },
    {
      projectKey: 'OPS',
      summary: 'On-call handbook is out of date',
      issuetype: 'Bug',
      status: 'To Do',
      priority: 'Low',
      labels: [],
      reporterAccountId: CAROL,
    },
    {
      projectKey: 'WEB',
      summary: 'Broken link on the pricing page',
      issuetype: 'Bug',
      status: 'Done',
      priority: 'Medium',
      labels: ['frontend'],
      assigneeAccountId: ALICE,
      reporterAccountId: CAROL,
    },
  ],
};

/** A fresh site from a seed: roles for every project, numbered issues. */
export function siteFromSeed(seed: JiraSeed, clock: () => Date): JiraSiteState {
  const stamp = clock().toISOString().replace('Z', '+0000');
  const counters = new Map<string, number>();
  const issues = seed.issues.map((issue, index) => {
    const number = (counters.get(issue.projectKey) ?? 0) + 1;
    counters.set(issue.projectKey, number);
    return {
      ...issue,
      id: String(10_100 + index),
      key: `${issue.projectKey}-${number}`,
      created: stamp,
      updated: stamp,
    };
  });
  return {
    users: seed.users.map((user) => ({ ...user })),
    projects: seed.projects.map((project) => ({
      ...project,
      roles: defaultRoles(project.leadAccountId),
    })),
    issues,
  };
}
