import type { ToolExecutor, ToolOutput, ToolSpec } from '../../src/index.js';

export interface RecordedCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => ToolOutput;

/**
 * An in-memory ToolExecutor: the tools of a small Google Admin-like server, answering from a
 * role table, recording every call it receives.
 */
export class InMemoryToolExecutor implements ToolExecutor {
  readonly calls: RecordedCall[] = [];
  private readonly roles = new Map<string, string[]>([['alice@example.com', []]]);
  private readonly handlers = new Map<string, Handler>();
  readonly specs: ToolSpec[] = [
    {
      name: 'google_admin__get_amazon_roles',
      description: 'List the AWS roles of a user.',
      inputSchema: {
        type: 'object',
        properties: { email: { type: 'string', format: 'email' } },
        required: ['email'],
        additionalProperties: false,
      },
    },
    {
      name: 'google_admin__add_amazon_role',
      description: 'Grant an AWS IAM role to a user.',
      inputSchema: {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email' },
          role_arn: { type: 'string', pattern: '^arn:aws:iam::\\d{12}:role/.+$' },
        },
        required: ['email', 'role_arn'],
        additionalProperties: false,
      },
    },
  ];

  constructor(private readonly refuse: ReadonlySet<string> = new Set()) {
    this.handlers.set('google_admin__get_amazon_roles', (args) => {
      const roles = this.roles.get(String(args.email));
      if (!roles) return { text: `User ${String(args.email)} not found`, isError: true };
      return { text: JSON.stringify({ email: args.email, roles }), isError: false };
    });
    this.handlers.set('google_admin__add_amazon_role', (args) => {
      const roles = this.roles.get(String(args.email));
      if (!roles) return { text: `User ${String(args.email)} not found`, isError: true };
      roles.push(String(args.role_arn));
      return { text: `Added ${String(args.role_arn)} to ${String(args.email)}`, isError: false };
    });
  }

  rolesOf(email: string): readonly string[] {
    return this.roles.get(email) ?? [];
  }

  async listTools(): Promise<readonly ToolSpec[]> {
    return this.specs;
  }

  async callTool(name: string, args: Record<string, unknown>): Promise<ToolOutput> {
    this.calls.push({ name, args });
    if (this.refuse.has(name)) throw new Error(`tool ${name} is not in the approved allowlist`);
    const handler = this.handlers.get(name);
    if (!handler) return { text: `Unknown tool ${name}`, isError: true };
    return handler(args);
  }
}
