import type { TableId } from '@agentcore/store';
import type { FunctionName } from '../config/index.js';
import type { TableAccess } from './constructs/tables.js';

/** What each function may reach. The one place to read when asking "who can touch what". */
export interface FunctionAccess {
  /** The service folder whose bundle it runs, and the export. */
  bundle: string;
  handlerExport: string;
  tables: Partial<Record<TableId, TableAccess>>;
  /** Reads the audit keyring (it writes or verifies the audit chain). */
  auditKey: boolean;
  /** `states:StartExecution` on the workflow. */
  startExecution: boolean;
  /** `states:SendTaskSuccess` on the workflow (decisions, hand-overs). */
  sendTask: boolean;
  /** Publishes approval notifications. */
  notify: boolean;
  /** Calls the planner's model. */
  model: boolean;
  /**
   * Slack: `post` reads the app's credentials and records what it posted (the message ledger in
   * the sessions table); `install` also stores the bot token an OAuth install returns.
   */
  slack: 'none' | 'post' | 'install';
  /**
   * Seals (execute) or hands over (API, notifier) sensitive tool outputs when the environment
   * has a sealing key: the key, the sealed-outputs table, and the audit its hand-over writes.
   */
  sealedOutputs: boolean;
  /**
   * The built-in MCP servers: `list` describes their tools (policy, pinning) and never calls
   * one, so it gets their settings but not their credentials; `call` runs them.
   */
  tools: 'none' | 'list' | 'call';
}

const none = {
  auditKey: false,
  startExecution: false,
  sendTask: false,
  notify: false,
  model: false,
  slack: 'none',
  sealedOutputs: false,
  tools: 'none',
} as const;

const requestApi: Omit<FunctionAccess, 'handlerExport'> = {
  ...none,
  bundle: 'api',
  tables: {
    approvals: 'write',
    audit: 'append',
    config: 'append',
    apiKeys: 'write+scan',
    adminSessions: 'sign-in',
  },
  auditKey: true,
  startExecution: true,
  sendTask: true,
  sealedOutputs: true,
  tools: 'list',
};

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  api: { ...requestApi, handlerExport: 'handler' },
  'api-stream': { ...requestApi, handlerExport: 'streamingHandler' },
  'workflow-steps': {
    ...none,
    bundle: 'workflow-steps',
    handlerExport: 'handler',
    tables: { approvals: 'write', audit: 'append', config: 'read' },
    auditKey: true,
    sendTask: true,
    notify: true,
    model: true,
    slack: 'post',
    // Planning looks things up with the read-only tools policy allows outright.
    tools: 'call',
  },
  execute: {
    ...none,
    bundle: 'execute',
    handlerExport: 'handler',
    tables: { approvals: 'write', audit: 'append', config: 'read' },
    auditKey: true,
    sealedOutputs: true,
    tools: 'call',
  },
  // Tells the requester how it ended: it reads the request, never writes it.
  'completion-notifier': {
    ...none,
    bundle: 'completion-notifier',
    handlerExport: 'handler',
    // The directory (in config) maps people to the Slack ids its messages mention.
    tables: { approvals: 'read', config: 'read' },
    notify: true,
    slack: 'post',
    sealedOutputs: true,
  },
  'decision-sweeper': {
    ...none,
    bundle: 'decision-sweeper',
    handlerExport: 'handler',
    tables: { approvals: 'write', audit: 'append' },
    auditKey: true,
    sendTask: true,
  },
  'direct-invoke': {
    ...none,
    bundle: 'direct-invoke',
    handlerExport: 'handler',
    tables: { approvals: 'write', audit: 'append' },
    auditKey: true,
    startExecution: true,
  },
  'slack-gateway': {
    ...none,
    bundle: 'slack-gateway',
    handlerExport: 'handler',
    tables: { approvals: 'write', audit: 'append', config: 'read', idempotency: 'write' },
    auditKey: true,
    startExecution: true,
    sendTask: true,
    slack: 'install',
    tools: 'list',
  },
};
