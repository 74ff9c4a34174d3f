import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLogSink, composeServices, TextNotifier } from '@agentcore/adapters';
import { type ModelProvider, NO_MODEL_MESSAGE } from '@agentcore/agent';
import { type BuiltinServerFactory, McpClient } from '@agentcore/mcp';
import { composeGifsServer } from '@agentcore/mcp-server-gifs';
import { composeTotpServer } from '@agentcore/mcp-server-totp';
import type { PolicyConfigInput, PolicySource } from '@agentcore/policy';
import { createHandler as createApprovalHandler } from '@agentcore/service-approval';
import { createHandler as createNotifierHandler } from '@agentcore/service-completion-notifier';
import { createHandler as createExecuteHandler } from '@agentcore/service-execute';
import { startAll } from '@agentcore/stand-ins';
import { createDocumentClient, createStores, type Stores, tableNames } from '@agentcore/store';
import { stateMachineDefinition } from '@agentcore/workflow';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AwsApiServer } from './aws-api-server.js';
import { createTables } from './create-tables.js';
import { LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local.js';
import { FileExecutionJournal, InMemoryExecutionJournal } from './execution-journal.js';
import { LocalFunctions } from './local-functions.js';
import { LocalStateMachine } from './local-state-machine.js';
import { TaskTokenBroker } from './task-token-broker.js';

const ACCOUNT_ID = '000000000000';
/** A TOTP secret the local TOTP server knows as `demo` (RFC 6238's test key, nothing real). */
const DEMO_TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

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
  policies?: readonly PolicySource[];
  policyConfig?: PolicyConfigInput;
  /** In-process MCP servers besides the built-in TOTP and GIF servers (tests add fixtures). */
  extraServers?: Record<string, BuiltinServerFactory>;
  /** The model that plans natural-language requests and carries them out; direct mode only without. */
  model?: ModelProvider;
  maxApprovalSeconds?: number;
  executionTimeoutSeconds?: number;
  /** Where notifications are shown. */
  notify?: (text: string) => void;
}

export interface LocalRuntime {
  endpoint: string;
  region: string;
  stateMachineArn: string;
  functions: { approval: string; execute: string; notifier: string };
  dynamoEndpoint: string;
  stores: Stores;
  invoke(functionName: 'approval' | 'execute' | 'notifier', event: unknown): Promise<unknown>;
  /** Resolves when the request's execution has finished. */
  settled(requestId: string): Promise<unknown>;
  resumed: number;
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
    const tables = tableNames(options.tablePrefix ?? 'agentcore-local');
    await createTables(raw, tables);
    raw.destroy();
    const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamoEndpoint });
    cleanups.push(async () => documents.destroy());
    const stores = createStores(documents, tables);

    const standIns = await startAll();
    cleanups.push(() => standIns.close());
    const mcp = new McpClient({
      servers: [],
      builtins: {
        totp: () =>
          composeTotpServer({ TOTP_SECRET_SOURCE: 'env', TOTP_SECRET_DEMO: DEMO_TOTP_SECRET }),
        gifs: () =>
          composeGifsServer({
            GIPHY_API_KEY: 'local',
            TENOR_API_KEY: 'local',
            GIPHY_API_URL: standIns.giphy.url,
            TENOR_API_URL: standIns.tenor.url,
          }),
        ...options.extraServers,
      },
      audit: auditLogSink(stores.audit),
    });
    cleanups.push(() => mcp.close());

    const functions = new LocalFunctions(LOCAL_AWS.region, ACCOUNT_ID);
    const names = {
      approval: 'agentcore-local-approval',
      execute: 'agentcore-local-execute',
      notifier: 'agentcore-local-notifier',
    };
    const stateMachineArn = `arn:aws:states:${LOCAL_AWS.region}:${ACCOUNT_ID}:stateMachine:agentcore-local-hitl`;
    const definition = stateMachineDefinition({
      functions: {
        approval: functions.arnOf(names.approval),
        execute: functions.arnOf(names.execute),
        notifier: functions.arnOf(names.notifier),
      },
      executionTimeoutSeconds: options.executionTimeoutSeconds ?? 4 * 60 * 60,
    });
    const broker = new TaskTokenBroker();
    const machine = new LocalStateMachine({
      stateMachineArn,
      definition,
      functions,
      broker,
      journal: options.dataDir
        ? new FileExecutionJournal(join(options.dataDir, 'executions'))
        : new InMemoryExecutionJournal(),
    });
    cleanups.push(() => machine.close());
    const server = new AwsApiServer({ stateMachine: machine, broker, functions });
    const endpoint = await server.listen(options.port);
    cleanups.push(() => server.close());
    const sfn = new SFNClient({ ...LOCAL_AWS, endpoint, maxAttempts: 3 });
    cleanups.push(async () => sfn.destroy());

    const services = composeServices({
      approvals: stores.approvals,
      sfn,
      stateMachineArn,
      mcp,
      notifier: new TextNotifier(options.notify ?? (() => undefined)),
      noModelMessage: NO_MODEL_MESSAGE,
      model: options.model,
      policies: options.policies,
      policyConfig: options.policyConfig,
      groups: options.groups,
      maxApprovalSeconds: options.maxApprovalSeconds,
    });
    functions.register(names.approval, createApprovalHandler(services.approval));
    functions.register(names.execute, createExecuteHandler(services.execute));
    functions.register(names.notifier, createNotifierHandler(services.notifier));
    const resumed = machine.resumeUnfinished();

    return {
      endpoint,
      region: LOCAL_AWS.region,
      stateMachineArn,
      functions: names,
      dynamoEndpoint,
      stores,
      resumed,
      invoke: (name, event) => functions.invoke(names[name], event),
      settled: (requestId) =>
        machine.settled(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:${requestId}`),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Tells the CLI where this runtime answers (read by `hitl-mcp`; removed on stop). */
export function writeRuntimeFile(path: string, runtime: LocalRuntime): void {
  const { endpoint, region, functions, stateMachineArn } = runtime;
  writeFileSync(
    path,
    JSON.stringify({ endpoint, region, functions, stateMachineArn, pid: process.pid }),
  );
}
