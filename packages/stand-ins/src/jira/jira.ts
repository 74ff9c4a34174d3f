import * as z from 'zod';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';
import { sandboxFile } from '../sandbox/sandbox-file.js';
import { JqlError, matchesJql, parseJql } from './jql.js';
import {
  DEFAULT_JIRA_SEED,
  defaultRoles,
  JIRA_ISSUE_TYPES,
  type JiraIssue,
  type JiraProject,
  type JiraSeed,
  type JiraSiteState,
  type JiraUser,
  siteFromSeed,
} from './state.js';

export interface JiraStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /** The API user: Basic auth must carry this email and token. */
  readonly email?: string;
  readonly apiToken?: string;
  readonly seed?: JiraSeed;
  /** Largest page `/search/jql` serves, whatever `maxResults` asks; default 100. */
  readonly maxPageSize?: number;
  readonly clock?: () => Date;
  /**
   * Where the site is kept between starts: loaded when the file exists, seeded and written when
   * it does not, rewritten after every write request. In memory only when absent.
   */
  readonly statePath?: string;
}

/** The Jira Cloud stand-in: the shared controls plus the site's live state. */
export interface JiraStandIn extends StandIn {
  readonly email: string;
  readonly apiToken: string;
  /** Projects, issues and users as they are now; `reset()` restores the seed. */
  readonly state: JiraSiteState;
  /**
   * The next `count` requests with this method and path get `status` with Jira's error body
   * (or `message`), whatever other requests come between.
   */
  failRoute(
    method: string,
    path: string,
    failure: { readonly status: number; readonly message?: string },
    count?: number,
  ): void;
}

export const JIRA_STAND_IN_EMAIL = 'jira-bot@example.com';
export const JIRA_STAND_IN_TOKEN = 'local-jira-token';

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad request.',
  401: 'Client must be authenticated to access this resource.',
  403: 'You do not have permission to perform this operation.',
  404: 'The requested resource could not be found.',
  413: 'Request entity too large.',
  429: 'Rate limit exceeded.',
  500: 'Internal server error.',
  503: 'Service unavailable.',
};

/** Jira's error envelope: `{errorMessages:[…], errors:{field:"msg"}}`. */
export function jiraErrorBody(
  status: number,
  message?: string,
  errors: Readonly<Record<string, string>> = {},
) {
  const text = message ?? (Object.keys(errors).length > 0 ? undefined : STATUS_MESSAGES[status]);
  return { errorMessages: text === undefined ? [] : [text], errors };
}

function fail(status: number, message?: string, errors?: Record<string, string>): StandInReply {
  return { status, json: jiraErrorBody(status, message, errors) };
}

/** The kept site: checked on load for the fields the routes rely on, the rest kept as is. */
const KeptSiteSchema = z.object({
  users: z.array(z.looseObject({ accountId: z.string(), emailAddress: z.string() })),
  projects: z.array(
    z.looseObject({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      roles: z.array(z.unknown()),
    }),
  ),
  issues: z.array(z.looseObject({ id: z.string(), key: z.string(), projectKey: z.string() })),
});

const BULK_MAX = 50;
const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;
const PROJECT_TYPES = ['software', 'business', 'service_desk'];
const TEMPLATE_TYPES: Readonly<Record<string, string>> = {
  'com.pyxis.greenhopper.jira:gh-simplified-agility-scrum': 'software',
  'com.pyxis.greenhopper.jira:gh-simplified-agility-kanban': 'software',
  'com.pyxis.greenhopper.jira:gh-simplified-scrum-classic': 'software',
  'com.pyxis.greenhopper.jira:gh-simplified-kanban-classic': 'software',
  'com.pyxis.greenhopper.jira:gh-scrum-template': 'software',
  'com.pyxis.greenhopper.jira:gh-kanban-template': 'software',
  'com.pyxis.greenhopper.jira:gh-simplified-basic': 'software',
  'com.pyxis.greenhopper.jira:basic-software-development-template': 'software',
  'com.atlassian.jira-core-project-templates:jira-core-simplified-task-tracking': 'business',
  'com.atlassian.servicedesk:simplified-it-service-management': 'service_desk',
};

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parseBody(request: RecordedRequest): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(request.body));
  } catch {
    return undefined;
  }
}

function isAdf(value: unknown): boolean {
  const doc = record(value);
  return doc?.type === 'doc' && doc.version === 1 && Array.isArray(doc.content);
}

function avatarUrls(accountId: string) {
  const url = `https://avatar-management.stand-in/${accountId}`;
  return { '48x48': url, '24x24': url, '16x16': url, '32x32': url };
}

/**
 * Starts a Jira Cloud REST v3 stand-in on 127.0.0.1: Basic auth checked on every call, the real
 * shapes and errors (`{errorMessages, errors}`, 201 on creates, bulk create over 50 refused with
 * 400, `/search/jql` paged only by token, 410 on the removed `/search`), a seeded sandbox site
 * and the shared scripted failures (429 with Retry-After, 5xx, hangs).
 */
export async function startJiraStandIn(options: JiraStandInOptions = {}): Promise<JiraStandIn> {
  const email = options.email ?? JIRA_STAND_IN_EMAIL;
  const apiToken = options.apiToken ?? JIRA_STAND_IN_TOKEN;
  const seed = options.seed ?? DEFAULT_JIRA_SEED;
  const clock = options.clock ?? (() => new Date());
  const maxPageSize = options.maxPageSize ?? 100;
  const expectedAuth = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
  const kept =
    options.statePath === undefined
      ? undefined
      : sandboxFile<JiraSiteState>(options.statePath, KeptSiteSchema);
  const loaded = kept?.load();
  const state: JiraSiteState = loaded ?? siteFromSeed(seed, clock);
  const highest = (ids: readonly { id: string }[], floor: number) =>
    ids.reduce((max, item) => Math.max(max, Number(item.id) + 1), floor);
  let nextProjectId = highest(state.projects, 10_100);
  let nextIssueId = highest(state.issues, 20_000);
  const save = () => kept?.save(state);
  if (!loaded) save();

  const stamp = () => clock().toISOString().replace('Z', '+0000');
  const userOf = (accountId: string | undefined): JiraUser | undefined =>
    state.users.find((user) => user.accountId === accountId);
  const projectOf = (keyOrId: string): JiraProject | undefined =>
    state.projects.find(
      (project) => project.key === keyOrId.toUpperCase() || project.id === keyOrId,
    );
  const noProject = (key: string) => fail(404, `No project could be found with key '${key}'.`);

  function userJson(base: string, user: JiraUser) {
    return {
      self: `${base}/rest/api/3/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      accountType: 'atlassian',
      emailAddress: user.emailAddress,
      avatarUrls: avatarUrls(user.accountId),
      displayName: user.displayName,
      active: user.active ?? true,
      timeZone: 'Etc/UTC',
    };
  }

  function projectJson(base: string, project: JiraProject) {
    const lead = userOf(project.leadAccountId);
    return {
      self: `${base}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: project.projectTypeKey,
      simplified: true,
      style: 'next-gen',
      isPrivate: false,
      ...(project.description ? { description: project.description } : {}),
      ...(lead ? { lead: userJson(base, lead) } : {}),
    };
  }

  function issueJson(base: string, issue: JiraIssue, fields: readonly string[]) {
    const all = fields.includes('*all') || fields.includes('*navigable');
    const wanted = (name: string) => all || fields.includes(name);
    const person = (accountId: string | undefined) => {
      const user = userOf(accountId);
      return user ? userJson(base, user) : null;
    };
    const project = projectOf(issue.projectKey);
    const values: Record<string, unknown> = {
      summary: issue.summary,
      status: {
        name: issue.status,
        statusCategory: { key: issue.status === 'Done' ? 'done' : 'new' },
      },
      issuetype: { name: issue.issuetype, subtask: issue.issuetype === 'Subtask' },
      priority: { name: issue.priority },
      assignee: person(issue.assigneeAccountId),
      reporter: person(issue.reporterAccountId),
      labels: issue.labels,
      description: issue.description ?? null,
      created: issue.created,
      updated: issue.updated,
      project: project ? { id: project.id, key: project.key, name: project.name } : null,
    };
    const selected = Object.fromEntries(Object.entries(values).filter(([name]) => wanted(name)));
    return {
      id: issue.id,
      key: issue.key,
      self: `${base}/rest/api/3/issue/${issue.id}`,
      ...(Object.keys(selected).length > 0 ? { fields: selected } : {}),
    };
  }

  function searchJql(base: string, params: Record<string, unknown>): StandInReply {
    const jql = typeof params.jql === 'string' ? params.jql : '';
    let clauses: ReturnType<typeof parseJql>;
    try {
      clauses = parseJql(jql);
    } catch (error) {
      if (error instanceof JqlError) return fail(400, error.message);
      throw error;
    }
    const requested = Number(params.maxResults ?? 50);
    if (!Number.isInteger(requested) || requested < 0) {
      return fail(400, "The value for 'maxResults' must be a non-negative integer.");
    }
    const pageSize = Math.min(requested, maxPageSize);
    const token = typeof params.nextPageToken === 'string' ? params.nextPageToken : undefined;
    let offset = 0;
    if (token !== undefined) {
      const decoded = /^page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded?.[1]) return fail(400, 'The provided next page token is invalid or expired.');
      offset = Number(decoded[1]);
    }
    const fieldsParam = params.fields;
    const fields = Array.isArray(fieldsParam)
      ? fieldsParam.map(String)
      : typeof fieldsParam === 'string'
        ? fieldsParam.split(',').map((field) => field.trim())
        : [];
    const matched = state.issues.filter((issue) => matchesJql(issue, clauses, state.users));
    const page = matched.slice(offset, offset + pageSize);
    const nextOffset = offset + page.length;
    const isLast = nextOffset >= matched.length;
    return {
      status: 200,
      json: {
        issues: page.map((issue) => issueJson(base, issue, fields)),
        ...(isLast
          ? {}
          : { nextPageToken: Buffer.from(`page:${nextOffset}`).toString('base64url') }),
        isLast,
      },
    };
  }

  function createProject(base: string, body: Record<string, unknown>): StandInReply {
    const errors: Record<string, string> = {};
    const key = typeof body.key === 'string' ? body.key : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const type = typeof body.projectTypeKey === 'string' ? body.projectTypeKey : '';
    const template =
      typeof body.projectTemplateKey === 'string' ? body.projectTemplateKey : undefined;
    const leadAccountId = typeof body.leadAccountId === 'string' ? body.leadAccountId : '';
    if (!PROJECT_KEY.test(key)) {
      errors.projectKey =
        'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
    } else if (projectOf(key)) {
      errors.projectKey = `Project '${projectOf(key)?.name}' uses this project key.`;
    }
    if (name === '') errors.projectName = 'You must specify a valid project name.';
    else if (state.projects.some((project) => project.name.toLowerCase() === name.toLowerCase())) {
      errors.projectName = 'A project with that name already exists.';
    }
    if (!PROJECT_TYPES.includes(type)) {
      errors.projectTypeKey = 'You must specify a valid project type.';
    } else if (template !== undefined && TEMPLATE_TYPES[template] !== type) {
      errors.projectTemplateKey = `The project template '${template}' does not exist or does not match the project type '${type}'.`;
    }
    if (!userOf(leadAccountId)) errors.projectLead = 'The project lead specified does not exist.';
    if (Object.keys(errors).length > 0) return fail(400, undefined, errors);
    const project: JiraProject = {
      id: String(nextProjectId++),
      key,
      name,
      projectTypeKey: type,
      projectTemplateKey: template,
      leadAccountId,
      description: typeof body.description === 'string' ? body.description : undefined,
      roles: defaultRoles(leadAccountId),
    };
    state.projects.push(project);
    return {
      status: 201,
      json: { self: `${base}/rest/api/3/project/${project.id}`, id: Number(project.id), key },
    };
  }

  function bulkCreate(base: string, body: Record<string, unknown>): StandInReply {
    const updates = Array.isArray(body.issueUpdates) ? body.issueUpdates : undefined;
    if (!updates) return fail(400, 'Request body must contain issueUpdates.');
    if (updates.length > BULK_MAX) {
      return fail(400, `Bulk create is limited to ${BULK_MAX} issues per request.`);
    }
    const created: { id: string; key: string; self: string }[] = [];
    const failed: unknown[] = [];
    updates.forEach((update, index) => {
      const fields = record(record(update)?.fields) ?? {};
      const errors: Record<string, string> = {};
      const project = projectOf(
        String(record(fields.project)?.key ?? record(fields.project)?.id ?? ''),
      );
      const summary = typeof fields.summary === 'string' ? fields.summary.trim() : '';
      const type = record(fields.issuetype)?.name;
      const assignee = record(fields.assignee);
      if (!project) errors.project = 'Specify a valid project ID or key';
      if (summary === '') errors.summary = 'You must specify a summary of the issue.';
      if (
        typeof type !== 'string' ||
        !JIRA_ISSUE_TYPES.some((known) => known.toLowerCase() === type.toLowerCase())
      ) {
        errors.issuetype = 'Specify an issue type';
      }
      if (fields.description !== undefined && !isAdf(fields.description)) {
        errors.description =
          'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      }
      if (assignee !== undefined && !userOf(String(assignee.accountId ?? ''))) {
        errors.assignee = `User '${String(assignee.accountId ?? assignee.emailAddress ?? '')}' cannot be assigned issues.`;
      }
      if (!project || Object.keys(errors).length > 0) {
        failed.push({
          status: 400,
          elementErrors: { errorMessages: [], errors },
          failedElementNumber: index,
        });
        return;
      }
      const number =
        state.issues
          .filter((issue) => issue.projectKey === project.key)
          .reduce((max, issue) => Math.max(max, Number(issue.key.split('-')[1])), 0) + 1;
      const now = stamp();
      const issue: JiraIssue = {
        id: String(nextIssueId++),
        key: `${project.key}-${number}`,
        projectKey: project.key,
        summary,
        issuetype: String(type),
        status: 'To Do',
        priority: 'Medium',
        description: fields.description,
        labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
        assigneeAccountId: assignee ? String(assignee.accountId) : undefined,
        reporterAccountId: state.users.find((user) => user.emailAddress === email)?.accountId,
        created: now,
        updated: now,
      };
      state.issues.push(issue);
      created.push({ id: issue.id, key: issue.key, self: `${base}/rest/api/3/issue/${issue.id}` });
    });
    return {
      status: created.length === 0 ? 400 : 201,
      json: { issues: created, errors: failed },
    };
  }

  function roles(
    base: string,
    request: RecordedRequest,
    key: string,
    roleId?: string,
  ): StandInReply {
    const project = projectOf(key);
    if (!project) return noProject(key);
    const roleUrl = (id: number) => `${base}/rest/api/3/project/${project.id}/role/${id}`;
    if (roleId === undefined) {
      if (request.method !== 'GET') return fail(405, 'Method not allowed.');
      return {
        status: 200,
        json: Object.fromEntries(project.roles.map((role) => [role.name, roleUrl(role.id)])),
      };
    }
    const role = project.roles.find((candidate) => String(candidate.id) === roleId);
    if (!role) return fail(404, `Can not find project role with id: ${roleId}`);
    const roleJson = () => ({
      self: roleUrl(role.id),
      name: role.name,
      id: role.id,
      actors: role.actors.map((accountId) => ({
        id: Number(`1${role.id}${role.actors.indexOf(accountId)}`),
        displayName: userOf(accountId)?.displayName ?? accountId,
        type: 'atlassian-user-role-actor',
        actorUser: { accountId },
      })),
    });
    if (request.method === 'GET') return { status: 200, json: roleJson() };
    if (request.method !== 'POST') return fail(405, 'Method not allowed.');
    const users = parseBody(request)?.user;
    if (!Array.isArray(users) || users.length === 0) {
      return fail(400, 'You must specify a user or a group.');
    }
    for (const accountId of users.map(String)) {
      const user = userOf(accountId);
      if (!user) return fail(400, `We couldn't find the user with account ID '${accountId}'.`);
      if (role.actors.includes(accountId)) {
        return fail(400, `'${user.displayName}' is already a member of the project role.`);
      }
    }
    role.actors.push(...users.map(String));
    return { status: 200, json: roleJson() };
  }

  const routeFailures: { method: string; path: string; status: number; message?: string }[] = [];

  // Every write is kept, partial bulk creates included, so the file is the site as it is.
  function routeAndKeep(request: RecordedRequest, base: string): StandInReply {
    const reply = route(request, base);
    if (request.method !== 'GET') save();
    return reply;
  }

  function route(request: RecordedRequest, base: string): StandInReply {
    if (request.headers.authorization !== expectedAuth) return fail(401);
    const scripted = routeFailures.findIndex(
      (failure) => failure.method === request.method && failure.path === request.path,
    );
    if (scripted >= 0) {
      const [failure] = routeFailures.splice(scripted, 1);
      if (failure) return fail(failure.status, failure.message);
    }
    const path = request.path.replace(/\/+$/, '');
    const method = request.method;
    if (path === '/rest/api/3/search' || path === '/rest/api/3/search/') {
      return fail(
        410,
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      );
    }
    if (path === '/rest/api/3/myself' && method === 'GET') {
      const me = state.users.find((user) => user.emailAddress === email);
      return me ? { status: 200, json: userJson(base, me) } : fail(404);
    }
    if (path === '/rest/api/3/user/search' && method === 'GET') {
      const query = (request.query.query ?? '').trim().toLowerCase();
      if (query === '') return fail(400, "One of 'query', 'accountId' or 'property' is required.");
      const startAt = Number(request.query.startAt ?? 0);
      const maxResults = Number(request.query.maxResults ?? 50);
      const found = state.users.filter(
        (user) =>
          user.emailAddress.toLowerCase().startsWith(query) ||
          user.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((word) => word.startsWith(query)) ||
          user.displayName.toLowerCase().startsWith(query),
      );
      return {
        status: 200,
        json: found.slice(startAt, startAt + maxResults).map((user) => userJson(base, user)),
      };
    }
    if (path === '/rest/api/3/search/jql') {
      if (method === 'GET') return searchJql(base, request.query);
      if (method === 'POST') return searchJql(base, parseBody(request) ?? {});
    }
    if (path === '/rest/api/3/project') {
      if (method === 'GET') {
        return { status: 200, json: state.projects.map((project) => projectJson(base, project)) };
      }
      if (method === 'POST') {
        const body = parseBody(request);
        return body ? createProject(base, body) : fail(400, 'Request body is not valid JSON.');
      }
    }
    if (path === '/rest/api/3/project/search' && method === 'GET') {
      const query = (request.query.query ?? '').toLowerCase();
      const startAt = Number(request.query.startAt ?? 0);
      const maxResults = Math.min(Number(request.query.maxResults ?? 50), 100);
      const found = state.projects.filter(
        (project) =>
          project.key.toLowerCase().includes(query) || project.name.toLowerCase().includes(query),
      );
      const values = found.slice(startAt, startAt + maxResults);
      return {
        status: 200,
        json: {
          self: `${base}/rest/api/3/project/search`,
          maxResults,
          startAt,
          total: found.length,
          isLast: startAt + values.length >= found.length,
          values: values.map((project) => projectJson(base, project)),
        },
      };
    }
    const roleMatch = /^\/rest\/api\/3\/project\/([^/]+)\/role(?:\/(\d+))?$/.exec(path);
    if (roleMatch?.[1]) return roles(base, request, decodeURIComponent(roleMatch[1]), roleMatch[2]);
    const projectMatch = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(path);
    if (projectMatch?.[1]) {
      const key = decodeURIComponent(projectMatch[1]);
      const project = projectOf(key);
      if (!project) return noProject(key);
      if (method === 'GET') return { status: 200, json: projectJson(base, project) };
      if (method === 'DELETE') {
        state.projects.splice(state.projects.indexOf(project), 1);
        for (let index = state.issues.length - 1; index >= 0; index -= 1) {
          if (state.issues[index]?.projectKey === project.key) state.issues.splice(index, 1);
        }
        return { status: 204 };
      }
    }
    if (path === '/rest/api/3/issue/bulk' && method === 'POST') {
      const body = parseBody(request);
      return body ? bulkCreate(base, body) : fail(400, 'Request body is not valid JSON.');
    }
    const issueMatch = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path);
    if (issueMatch?.[1] && method === 'DELETE') {
      const idOrKey = decodeURIComponent(issueMatch[1]).toUpperCase();
      const index = state.issues.findIndex(
        (issue) => issue.key === idOrKey || issue.id === idOrKey,
      );
      if (index < 0)
        return fail(404, 'Issue does not exist or you do not have permission to see it.');
      state.issues.splice(index, 1);
      return { status: 204 };
    }
    return fail(404, `No route for ${method} ${path}`);
  }

  const server = await startStandInServer({
    port: options.port,
    host: options.host,
    route: routeAndKeep,
    errorBody: (status) => jiraErrorBody(status),
  });
  return {
    url: server.url,
    port: server.port,
    requests: server.requests,
    email,
    apiToken,
    state,
    failNext: (count, failure) => server.failNext(count, failure),
    failRoute(method, path, failure, count = 1) {
      for (let index = 0; index < count; index += 1) {
        routeFailures.push({ method, path, status: failure.status, message: failure.message });
      }
    },
    reset() {
      server.reset();
      routeFailures.length = 0;
      const fresh = siteFromSeed(seed, clock);
      state.users.splice(0, state.users.length, ...fresh.users);
      state.projects.splice(0, state.projects.length, ...fresh.projects);
      state.issues.splice(0, state.issues.length, ...fresh.issues);
      save();
    },
    close: () => server.close(),
  };
}
