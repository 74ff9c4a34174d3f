import { HttpRequestError, type HttpSettings, requestJson } from '@agentcore/mcp';
import * as z from 'zod';
import { JiraError } from './errors.js';

/** Where the client connects and how it authenticates. */
export interface JiraClientOptions extends HttpSettings {
  readonly baseUrl: string;
  readonly email: string;
  /** The API token, read when first needed (from Secrets Manager on AWS). */
  readonly apiToken: () => Promise<string>;
}

const UserSchema = z.object({
  accountId: z.string(),
  displayName: z.string().default(''),
  emailAddress: z.string().optional(),
  active: z.boolean().default(true),
});
export type JiraUser = z.infer<typeof UserSchema>;

const ProjectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
  lead: z
    .object({ accountId: z.string().optional(), displayName: z.string().optional() })
    .optional(),
});
export type JiraProject = z.infer<typeof ProjectSchema>;

const IssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
});
export type JiraIssue = z.infer<typeof IssueSchema>;

const SearchPageSchema = z.object({
  issues: z.array(IssueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});
export type JiraSearchPage = z.infer<typeof SearchPageSchema>;

const CreatedProjectSchema = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  key: z.string(),
  self: z.string(),
});

const ElementErrorsSchema = z.object({
  errorMessages: z.array(z.string()).default([]),
  errors: z.record(z.string(), z.string()).default({}),
});

const BulkResultSchema = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string() })).default([]),
  errors: z
    .array(
      z.object({
        status: z.number().optional(),
        elementErrors: ElementErrorsSchema.default({ errorMessages: [], errors: {} }),
        failedElementNumber: z.number().int(),
      }),
    )
    .default([]),
});
export type JiraBulkResult = z.infer<typeof BulkResultSchema>;

/** Jira's `{errorMessages, errors}` as one line. */
export function jiraErrorText(body: unknown): string | undefined {
  const parsed = ElementErrorsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const parts = [
    ...parsed.data.errorMessages,
    ...Object.entries(parsed.data.errors).map(([field, message]) => `${field}: ${message}`),
  ];
  return parts.length === 0 ? undefined : parts.join('; ');
}

const CODES = {
  rate_limited: 'rate_limited',
  timeout: 'timeout',
  unavailable: 'unavailable',
  unauthorized: 'unauthorized',
  rejected: 'rejected',
  bad_response: 'bad_response',
} as const;

/**
 * A thin Jira Cloud REST v3 client over the shared HTTP client (timeouts, bounded retries, 429
 * `Retry-After`): Basic auth, zod-checked answers, and errors that carry Jira's own message but
 * never the API token.
 */
export class JiraClient {
  private readonly baseUrl: string;
  /** The token as last read, so a message that quotes it can be redacted. */
  private token: string | undefined;

  constructor(private readonly options: JiraClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** The site's base URL (for links to projects). */
  get siteUrl(): string {
    return this.baseUrl;
  }

  async myself(): Promise<JiraUser> {
    return this.parse(UserSchema, await this.call('GET', '/rest/api/3/myself'));
  }

  async searchUsers(query: string, maxResults = 10): Promise<JiraUser[]> {
    const body = await this.call('GET', '/rest/api/3/user/search', {
      query: { query, maxResults: String(maxResults) },
    });
    return this.parse(z.array(UserSchema), body);
  }

  /**
   * The account whose email is exactly `email` (case-insensitive), or undefined. Never "the
   * first hit": a prefix match or a hidden email could be someone else.
   */
  async accountIdForEmail(email: string): Promise<string | undefined> {
    const wanted = email.trim().toLowerCase();
    const users = await this.searchUsers(wanted, 10);
    const exact = users.filter((user) => user.emailAddress?.toLowerCase() === wanted);
    return exact.length === 1 ? exact[0]?.accountId : undefined;
  }

  async searchJql(params: {
    jql: string;
    fields: readonly string[];
    maxResults: number;
    nextPageToken?: string | undefined;
  }): Promise<JiraSearchPage> {
    const body = await this.call('GET', '/rest/api/3/search/jql', {
      query: {
        jql: params.jql,
        maxResults: String(params.maxResults),
        ...(params.fields.length > 0 ? { fields: params.fields.join(',') } : {}),
        ...(params.nextPageToken ? { nextPageToken: params.nextPageToken } : {}),
      },
    });
    return this.parse(SearchPageSchema, body);
  }

  /** Every issue the JQL matches, page by page by token, up to `limit`. */
  async searchAll(jql: string, fields: readonly string[], limit: number): Promise<JiraIssue[]> {
    const issues: JiraIssue[] = [];
    let token: string | undefined;
    do {
      const page = await this.searchJql({
        jql,
        fields,
        maxResults: Math.min(100, limit - issues.length),
        nextPageToken: token,
      });
      issues.push(...page.issues);
      token = page.nextPageToken ?? undefined;
    } while (token && issues.length < limit);
    return issues.slice(0, limit);
  }

  async searchProjects(query: string, maxResults: number): Promise<JiraProject[]> {
    const body = await this.call('GET', '/rest/api/3/project/search', {
      query: { query, maxResults: String(maxResults) },
    });
    return this.parse(z.object({ values: z.array(ProjectSchema) }), body).values;
  }

  async listProjects(): Promise<JiraProject[]> {
    return this.parse(z.array(ProjectSchema), await this.call('GET', '/rest/api/3/project'));
  }

  async getProject(key: string): Promise<JiraProject> {
    const body = await this.call('GET', `/rest/api/3/project/${encodeURIComponent(key)}`);
    return this.parse(ProjectSchema, body);
  }

  async createProject(fields: {
    key: string;
    name: string;
    projectTypeKey: string;
    projectTemplateKey: string;
    leadAccountId: string;
    description?: string | undefined;
  }): Promise<{ id: string; key: string; self: string }> {
    const body = await this.call('POST', '/rest/api/3/project', {
      body: { ...fields, assigneeType: 'UNASSIGNED' },
    });
    return this.parse(CreatedProjectSchema, body);
  }

  /** Role name → role id, from the project's role map. */
  async projectRoles(key: string): Promise<Map<string, string>> {
    const body = await this.call('GET', `/rest/api/3/project/${encodeURIComponent(key)}/role`);
    const roles = this.parse(z.record(z.string(), z.string()), body);
    const ids = new Map<string, string>();
    for (const [name, url] of Object.entries(roles)) {
      const id = /\/role\/(\d+)\/?$/.exec(url)?.[1];
      if (id) ids.set(name, id);
    }
    return ids;
  }

  /** The account ids of a project role's user actors. */
  async roleUsers(key: string, roleId: string): Promise<string[]> {
    const body = await this.call(
      'GET',
      `/rest/api/3/project/${encodeURIComponent(key)}/role/${roleId}`,
    );
    const role = this.parse(
      z.object({
        actors: z
          .array(z.object({ actorUser: z.object({ accountId: z.string() }).optional() }))
          .default([]),
      }),
      body,
    );
    return role.actors.flatMap((actor) => (actor.actorUser ? [actor.actorUser.accountId] : []));
  }

  /** Adds a user to a project role; `already` when Jira says they hold it. */
  async addRoleUser(key: string, roleId: string, accountId: string): Promise<'added' | 'already'> {
    try {
      await this.call('POST', `/rest/api/3/project/${encodeURIComponent(key)}/role/${roleId}`, {
        body: { user: [accountId] },
      });
      return 'added';
    } catch (error) {
      if (
        error instanceof JiraError &&
        (error.status === 400 || error.status === 409) &&
        /already|exists/i.test(error.message)
      ) {
        return 'already';
      }
      throw error;
    }
  }

  /** Creates up to 50 issues; Jira reports the ones it refused in `errors`. */
  async bulkCreate(issueUpdates: readonly unknown[]): Promise<JiraBulkResult> {
    try {
      const body = await this.call('POST', '/rest/api/3/issue/bulk', { body: { issueUpdates } });
      return this.parse(BulkResultSchema, body);
    } catch (error) {
      // When every element fails Jira answers 400 with the same per-element report.
      const report =
        error instanceof JiraError ? BulkResultSchema.safeParse(error.cause) : undefined;
      if (report?.success && report.data.errors.length > 0) return report.data;
      throw error;
    }
  }

  async deleteIssue(key: string): Promise<void> {
    await this.call('DELETE', `/rest/api/3/issue/${encodeURIComponent(key)}`);
  }

  async deleteProject(key: string): Promise<void> {
    await this.call('DELETE', `/rest/api/3/project/${encodeURIComponent(key)}`);
  }

  private redact(text: string): string {
    if (this.token === undefined) return text;
    const secrets = [this.token, this.basicCredentials(this.token)];
    return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
  }

  private basicCredentials(token: string): string {
    return Buffer.from(`${this.options.email}:${token}`).toString('base64');
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    request: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.set(name, value);
    }
    this.token = await this.options.apiToken();
    try {
      const response = await requestJson(
        {
          service: 'Jira',
          url,
          method,
          headers: { authorization: `Basic ${this.basicCredentials(this.token)}` },
          body: request.body,
          errorDetail: jiraErrorText,
        },
        this.options,
      );
      return response.body;
    } catch (error) {
      if (!(error instanceof HttpRequestError)) throw error;
      const code = error.status === 404 ? 'not_found' : CODES[error.code];
      // The parsed error body travels as the cause; the message is Jira's, redacted.
      throw new JiraError(code, this.redact(error.message), {
        status: error.status,
        cause: error.body,
      });
    }
  }

  private parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new JiraError('bad_response', 'Jira answered in an unexpected shape');
    return parsed.data;
  }
}
