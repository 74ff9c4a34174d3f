import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMcpClient, fileAuditKeys, snsClient, stepFunctionsClient } from '@agentcore/adapters';
import type { ModelProvider } from '@agentcore/agent';
import type { BuiltinServerFactory } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { createLogger, type LogSink, mcpLogger } from '@agentcore/observability';
import type { PolicySource } from '@agentcore/policy';
import * as api from '@agentcore/service-api';
import * as completionNotifier from '@agentcore/service-completion-notifier';
import * as decisionSweeper from '@agentcore/service-decision-sweeper';
import * as directInvoke from '@agentcore/service-direct-invoke';
import * as execute from '@agentcore/service-execute';
import * as workflowSteps from '@agentcore/service-workflow-steps';
import {
  type FaultProxy,
  type GoogleWorkspaceStandIn,
  SANDBOX_ADMIN,
  SANDBOX_CUSTOMER_FOLDER_ID,
  type SlackStandIn,
  startAll,
  startFaultProxy,
  startSnsStandIn,
} from '@agentcore/stand-ins';
import {
  type ApiRole,
  type AuditKeySource,
  type ConfigKey,
  createDocumentClient,
  createStores,
  fixedAuditKeys,
  generateAuditKeyring,
  type Stores,
  tableNames,
} from '@agentcore/store';
import { stateMachineDefinition } from '@agentcore/workflow';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AwsApiServer } from './aws-api-server.js';
import { createTables } from './create-tables.js';
import { LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local.js';
import { FileExecutionJournal, InMemoryExecutionJournal } from './execution-journal.js';
import { LocalFunctions } from './local-functions.js';
import { serveLocalGateway, startLocalSlack } from './local-slack.js';
import { LocalStateMachine } from './local-state-machine.js';
import { renderNotification } from './notifications.js';
import { type SeedOutcome, seedConfigFromFolder } from './seed-config.js';
import { type LocalCredentials, runCredentials } from './sigv4.js';
import { TaskTokenBroker, type Timers } from './task-token-broker.js';

const ACCOUNT_ID = '000000000000';

/** Our functions as the local runtime names them, as a deployment names them per stage. */
const FUNCTION_NAMES = {
  steps: 'agentcore-local-workflow-steps',
  execute: 'agentcore-local-execute',
  notifier: 'agentcore-local-completion-notifier',
  directInvoke: 'agentcore-local-direct-invoke',
  decisionSweeper: 'agentcore-local-decision-sweeper',
};
/** A TOTP secret the local TOTP server knows as `demo` (RFC 6238's test key, nothing real). */
const DEMO_TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** The service account the local Google Admin server uses, trusted by the Google stand-in. */
const LOCAL_GOOGLE_SERVICE_ACCOUNT = 'agentcore-local@sandbox.iam.gserviceaccount.com';

/** A throwaway service-account key made at each start, in Google's key-file JSON. */
function localGoogleServiceAccount(google: GoogleWorkspaceStandIn): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  google.addServiceAccount(LOCAL_GOOGLE_SERVICE_ACCOUNT, publicKey);
  return JSON.stringify({
    type: 'service_account',
    client_email: LOCAL_GOOGLE_SERVICE_ACCOUNT,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}

export interface LocalRuntimeOptions {
  /** Where DynamoDB Local and the execution journal keep their data; in memory when absent. */
  dataDir?: string;
  /** An already running DynamoDB (tests share one); otherwise DynamoDB Local is started. */
  dynamoEndpoint?: string;
  tablePrefix?: string;
  /** Port of the local AWS APIs (Step Functions, Lambda); a free one when absent. */
  port?: number;
  /** Who belongs to which group, for approver rules naming groups. */
  groups?: Record<string, string[]>;
  /** Who approves when no policy names approvers. */
  defaultApproverGroups?: string[];
  policies?: readonly PolicySource[];
  /** In-process MCP servers besides the built-in TOTP and GIF servers (tests add fixtures). */
  extraServers?: Record<string, BuiltinServerFactory>;
  /**
   * The model that plans natural-language requests and carries them out; without one, the
   * phrase planner plans the common phrasings as exact calls.
   */
  model?: ModelProvider;
  maxApprovalSeconds?: number;
  executionTimeoutSeconds?: number;
  /** How often the decision sweeper runs; never when absent. */
  sweepIntervalSeconds?: number;
  /** Where notifications are shown. */
  notify?: (text: string) => void;
  /** Where the functions' JSON log lines go; discarded when absent. */
  log?: LogSink;
  /** More environment for the functions (tests plant secrets here). */
  env?: Record<string, string>;
  /**
   * Put a fault-injecting proxy in front of DynamoDB, Step Functions and SNS, so tests can make
   * them fail with the services' real error replies.
   */
  faultProxies?: boolean;
  /** Port of the request API (HTTP, loopback only); a free one when absent. */
  apiPort?: number;
  /** Port of the local Slack (its page and Web API, loopback only); a free one when absent. */
  slackPort?: number;
  /**
   * A configuration folder (`config/local/`) that seeds the config store on first start: each of
   * policies, MCP servers, directory and prompts that has no version yet is saved from its file.
   */
  configDir?: string;
  /** Keys saved from `configDir` again even though the store has them (a new version). */
  reseed?: readonly ConfigKey[];
  /**
   * Start the Google and Jira sandboxes again from their seed. Otherwise, with `dataDir`, they
   * are kept under `<dataDir>/sandbox/` and what was changed in them survives restarts.
   */
  reseedSandbox?: boolean;
  /** The audit keyring; by default `<dataDir>/audit.key`, or a random one for this run. */
  auditKeys?: AuditKeySource;
  /** The functions' and task deadlines' clock, with the timers task waits time out by (tests). */
  clock?: () => Date;
  timers?: Timers;
}

/** Who an API key stands for. */
export interface ApiIdentity {
  userId: string;
  displayName: string;
  roles: ApiRole[];
}

/** The proxies in front of each AWS service, when asked for. */
export interface RuntimeFaults {
  dynamodb: FaultProxy;
  stepFunctions: FaultProxy;
  sns: FaultProxy;
}

export interface LocalRuntime {
  endpoint: string;
  region: string;
  /** This run's credentials: the AWS APIs at `endpoint` serve only requests signed with them. */
  credentials: LocalCredentials;
  stateMachineArn: string;
  functions: typeof FUNCTION_NAMES;
  dynamoEndpoint: string;
  stores: Stores;
  invoke(functionName: keyof typeof FUNCTION_NAMES, event: unknown): Promise<unknown>;
  /** Resolves when the next invocation of any of our functions has finished. */
  nextInvocation(): Promise<void>;
  /** Resolves when the request's execution has finished. */
  settled(requestId: string): Promise<unknown>;
  resumed: number;
  faults: RuntimeFaults | undefined;
  /** The Google Workspace stand-in the Google Admin server talks to (the sandbox company). */
  google: GoogleWorkspaceStandIn;
  /** The request API (the front door for the CLI, programs and people), on loopback. */
  apiUrl: string;
  /** The local Slack (its page and Web API) and the Slack gateway it sends to, on loopback. */
  slack: { pageUrl: string; apiUrl: string; gatewayUrl: string; standIn: SlackStandIn };
  /** What `configDir` seeded and what the store already had; undefined without one. */
  configSeed: SeedOutcome | undefined;
  /** Issues an API key for `identity` (the key is returned once; only its hash is stored). */
  issueApiKey(identity: ApiIdentity, createdBy?: string): Promise<{ keyId: string; key: string }>;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine: DynamoDB Local, the stand-ins, the built-in MCP servers, the
 * policy engine, our three functions in-process, the state machine, and the AWS APIs on loopback.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoDbLocal(
        options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {},
      );
      cleanups.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamoEndpoint });
    const tablePrefix = options.tablePrefix ?? 'agentcore-local';
    const tables = tableNames(tablePrefix);
    await createTables(raw, tables);
    raw.destroy();
    const proxied = async (target: string, queryService?: string) => {
      if (!options.faultProxies) return undefined;
      const proxy = await startFaultProxy({ target, ...(queryService ? { queryService } : {}) });
      cleanups.push(() => proxy.close());
      return proxy;
    };
    const dynamoProxy = await proxied(dynamoEndpoint);
    const documents = createDocumentClient({
      ...LOCAL_AWS,
      endpoint: dynamoProxy?.url ?? dynamoEndpoint,
    });
    cleanups.push(async () => documents.destroy());
    // The key that MACs the audit chain: kept beside the data it proves, or this run's own.
    const auditKeys =
      options.auditKeys ??
      (options.dataDir
        ? fileAuditKeys(join(options.dataDir, 'audit.key'))
        : fixedAuditKeys(generateAuditKeyring()));
    const stores = createStores(documents, tables, auditKeys);
    // Before any function reads configuration: they find the folder's, or what was edited since.
    const configSeed = options.configDir
      ? await seedConfigFromFolder(stores.config, options.configDir, {
          ...(options.reseed ? { reseed: options.reseed } : {}),
        })
      : undefined;

    const standIns = await startAll(
      options.dataDir
        ? {
            sandboxDir: join(options.dataDir, 'sandbox'),
            reseedSandbox: options.reseedSandbox ?? false,
          }
        : {},
    );
    cleanups.push(() => standIns.close());
    const slack = await startLocalSlack({
      stores,
      groups: options.groups ?? {},
      secrets: standIns.secretsManager,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.slackPort ? { port: options.slackPort } : {}),
    });
    cleanups.push(() => slack.standIn.close());

    const functions = new LocalFunctions(LOCAL_AWS.region, ACCOUNT_ID);
    const stateMachineArn = `arn:aws:states:${LOCAL_AWS.region}:${ACCOUNT_ID}:stateMachine:agentcore-local-hitl`;
    const definition = stateMachineDefinition({
      functions: {
        steps: functions.arnOf(FUNCTION_NAMES.steps),
        execute: functions.arnOf(FUNCTION_NAMES.execute),
        notifier: functions.arnOf(FUNCTION_NAMES.notifier),
      },
      executionTimeoutSeconds: options.executionTimeoutSeconds ?? 4 * 60 * 60,
    });
    const broker = new TaskTokenBroker(options.timers);
    const machine = new LocalStateMachine({
      ...(options.clock ? { clock: options.clock } : {}),
      stateMachineArn,
      definition,
      functions,
      broker,
      journal: options.dataDir
        ? new FileExecutionJournal(join(options.dataDir, 'executions'))
        : new InMemoryExecutionJournal(),
    });
    cleanups.push(() => machine.close());
    const credentials = runCredentials();
    const server = new AwsApiServer({ stateMachine: machine, broker, functions, credentials });
    const endpoint = await server.listen(options.port);
    cleanups.push(() => server.close());
    const sfnProxy = await proxied(endpoint);
    if (sfnProxy) server.acceptHostOf(sfnProxy.url);
    const sfn = stepFunctionsClient({
      region: LOCAL_AWS.region,
      credentials,
      endpoint: sfnProxy?.url ?? endpoint,
    });
    cleanups.push(async () => sfn.destroy());
    // Notifications go out through SNS, as deployed; the console (or a test) subscribes.
    const notify = options.notify ?? (() => undefined);
    const topic = 'agentcore-local-notifications';
    const snsStandIn = await startSnsStandIn({
      topics: [topic],
      keepPublished: false,
      onPublish: (message) => notify(renderNotification(message)),
    });
    cleanups.push(() => snsStandIn.close());
    const snsProxy = await proxied(snsStandIn.url, 'SNS');
    const sns = snsClient({ ...LOCAL_AWS, endpoint: snsProxy?.url ?? snsStandIn.url });
    cleanups.push(async () => sns.destroy());

    // The functions' environment, as a deployment would set it, pointing at the stand-ins.
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_AWS.region,
      TABLE_PREFIX: tablePrefix,
      STATE_MACHINE_ARN: stateMachineArn,
      NOTIFY_TOPIC_ARN: `arn:aws:sns:${LOCAL_AWS.region}:000000000000:${topic}`,
      DEFAULT_APPROVER_GROUPS: (options.defaultApproverGroups ?? ['approvers']).join(','),
      APPROVER_GROUPS: JSON.stringify(options.groups ?? {}),
      MAX_APPROVAL_SECONDS: String(options.maxApprovalSeconds ?? 3_600),
      TOTP_SECRET_SOURCE: 'env',
      TOTP_SECRET_DEMO: DEMO_TOTP_SECRET,
      // Sensitive tool outputs are sealed under a key of this run: unreadable once it stops.
      SEALED_OUTPUT_SECRET: randomBytes(32).toString('base64'),
      GIPHY_API_KEY: 'local',
      TENOR_API_KEY: 'local',
      GIPHY_API_URL: standIns.giphy.url,
      TENOR_API_URL: standIns.tenor.url,
      JIRA_BASE_URL: standIns.jira.url,
      JIRA_EMAIL: standIns.jira.email,
      JIRA_API_TOKEN: standIns.jira.apiToken,
      GOOGLE_ADMIN_SUBJECT: SANDBOX_ADMIN,
      GOOGLE_SERVICE_ACCOUNT_KEY: localGoogleServiceAccount(standIns.google),
      GOOGLE_ADMIN_ROOT_URL: standIns.google.rootUrl,
      GOOGLE_TOKEN_URL: standIns.google.tokenUrl,
      GOOGLE_CALENDAR_ROOT_URL: standIns.google.rootUrl,
      GOOGLE_CALENDAR_ALLOWED_DOMAINS: standIns.google.domain,
      GOOGLE_DRIVE_ENABLED: 'true',
      GOOGLE_DRIVE_ROOT_URL: standIns.google.rootUrl,
      GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: SANDBOX_CUSTOMER_FOLDER_ID,
      ...slack.env,
      ...options.env,
    };
    const logSink: LogSink = options.log ?? (() => undefined);
    const mcp = buildMcpClient({
      env,
      builtins: { ...builtinServers(env), ...options.extraServers },
      config: stores.config,
      audit: stores.audit,
      logger: mcpLogger(createLogger({ serviceName: 'agentcore-local-mcp', sink: logSink })),
    });
    cleanups.push(() => mcp.close());
    const model = options.model ?? null;
    const clock = options.clock;
    const shared = { documents, sfn, logSink, auditKeys, ...(clock ? { clock } : {}) };
    functions.register(
      FUNCTION_NAMES.steps,
      workflowSteps.createHandler(
        workflowSteps.compose(env, {
          ...shared,
          mcp,
          model,
          sns,
          slackCredentials: slack.credentials,
          ...(options.policies ? { policies: options.policies } : {}),
        }),
      ),
    );
    functions.register(
      FUNCTION_NAMES.execute,
      execute.createHandler(
        execute.compose(env, {
          documents,
          mcp,
          logSink,
          auditKeys,
          ...(clock ? { clock } : {}),
        }),
      ),
    );
    functions.register(
      FUNCTION_NAMES.notifier,
      completionNotifier.createHandler(
        completionNotifier.compose(env, {
          documents,
          sns,
          slackCredentials: slack.credentials,
          logSink,
          auditKeys,
          ...(clock ? { clock } : {}),
        }),
      ),
    );
    functions.register(
      FUNCTION_NAMES.directInvoke,
      directInvoke.createHandler(directInvoke.compose(env, shared)),
    );
    functions.register(
      FUNCTION_NAMES.decisionSweeper,
      decisionSweeper.createHandler(decisionSweeper.compose(env, shared)),
    );
    if (options.sweepIntervalSeconds) {
      const sweeper = setInterval(() => {
        functions.invoke(FUNCTION_NAMES.decisionSweeper, {}).catch(() => undefined);
      }, options.sweepIntervalSeconds * 1000);
      sweeper.unref();
      cleanups.push(async () => clearInterval(sweeper));
    }
    const served = await api.serveApi(
      api.createApp(
        api.compose(env, {
          ...shared,
          mcp,
          ...(options.policies ? { policies: options.policies } : {}),
        }),
      ),
      options.apiPort,
    );
    cleanups.push(() => served.close());
    const gateway = await serveLocalGateway(slack, env, {
      ...shared,
      mcp,
      ...(options.policies ? { policies: options.policies } : {}),
    });
    cleanups.push(() => gateway.close());
    const resumed = machine.resumeUnfinished();

    return {
      endpoint,
      region: LOCAL_AWS.region,
      credentials,
      stateMachineArn,
      functions: FUNCTION_NAMES,
      dynamoEndpoint,
      stores,
      resumed,
      faults:
        dynamoProxy && sfnProxy && snsProxy
          ? { dynamodb: dynamoProxy, stepFunctions: sfnProxy, sns: snsProxy }
          : undefined,
      google: standIns.google,
      apiUrl: served.url,
      slack: {
        pageUrl: slack.standIn.pageUrl,
        apiUrl: slack.standIn.apiUrl,
        gatewayUrl: gateway.url,
        standIn: slack.standIn,
      },
      configSeed,
      issueApiKey: async (identity, createdBy = 'local-runtime') => {
        const { keyId, token, secretHash } = api.generateApiKey();
        await stores.apiKeys.create({ keyId, secretHash, ...identity, createdBy });
        return { keyId, key: token };
      },
      nextInvocation: () => functions.nextInvocation(),
      invoke: (name, event) => functions.invoke(FUNCTION_NAMES[name], event),
      settled: (requestId) =>
        machine.settled(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:${requestId}`),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Tells the CLI where this runtime answers (read by `hitl-mcp`; removed on stop), with the run's
 * credentials for the AWS APIs: so the file is its owner's alone (mode 600) from the moment it
 * exists, and replaced whole, never seen half written.
 */
export function writeRuntimeFile(
  path: string,
  runtime: LocalRuntime,
  identitiesFile: string,
): void {
  const { endpoint, region, credentials, functions, stateMachineArn, apiUrl } = runtime;
  const contents = JSON.stringify({
    apiUrl,
    identitiesFile,
    endpoint,
    region,
    credentials,
    functions,
    stateMachineArn,
    pid: process.pid,
  });
  const partial = `${path}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  writeFileSync(partial, contents, { mode: 0o600, flag: 'wx' });
  renameSync(partial, path);
}
