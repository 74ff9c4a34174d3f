import type {
  PeopleDirectory,
  SlackCredentialStore,
  SlackMessageLedger,
  SlackMessaging,
  SlackProgress,
  SubmissionLimit,
  Telemetry,
} from '@agentcore/adapters';
import type { MemoryTurn, StoredSlackSession, Thread } from '@agentcore/store';
import type {
  ApprovalRepository,
  Clock,
  ExecutionStarter,
  PolicyPort,
  TaskTokens,
  ToolPinner,
} from '@agentcore/workflow';

/** What an OAuth v2 install exchange answers (the parts we keep). */
export interface OAuthAccess {
  access_token?: string;
  bot_user_id?: string;
  team?: { id?: string; name?: string } | null;
}

/** Everything the gateway needs, built once per cold start by compose (or by a test). */
export interface GatewayDeps {
  telemetry: Telemetry;
  clock: Clock;
  credentials: SlackCredentialStore;
  /** The Web API client with the bot token (read from the credentials on first use). */
  slack: () => Promise<SlackMessaging>;
  /** oauth.v2.access: the install's code for a bot token (no token needed). */
  exchangeInstallCode: (input: {
    client_id: string;
    client_secret: string;
    code: string;
    redirect_uri?: string;
  }) => Promise<OAuthAccess>;
  /** Where GET /slack/install sends an installer: Slack's consent screen. */
  authorizeUrl: string;
  /** First claim wins; a later claim of the same key throws DuplicateError. */
  claims: { claim(key: string, ttlSeconds: number): Promise<void> };
  sessions: {
    get(thread: Thread): Promise<StoredSlackSession | undefined>;
    save(thread: Thread, input: { sessionId: string; turns: MemoryTurn[] }): Promise<unknown>;
  };
  directory: PeopleDirectory;
  ledger: SlackMessageLedger;
  progress: SlackProgress;
  approvals: ApprovalRepository;
  executions: ExecutionStarter;
  tokens: TaskTokens;
  policy: PolicyPort;
  pinner: ToolPinner;
  environment: string;
  /**
   * Requests each Slack user may start a minute; compose always sets it (absent: no limit, for
   * a harness or benchmark that measures something else).
   */
  submissions?: SubmissionLimit;
  /** Our bot's user id when configured; otherwise each event's authorizations say it. */
  botUserId?: string;
}
