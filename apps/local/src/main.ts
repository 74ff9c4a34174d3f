// `npm start`: the whole system on this machine. Data lives in .local/ and survives restarts:
// executions that were waiting for approval wait again, and can still be decided.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { modelConfigFromEnv, resolveModelProvider } from '@agentcore/agent';
import { InstanceLock } from './instance-lock.js';
import { ensureLocalIdentities } from './local-identities.js';
import { localDataDir, repositoryRoot } from './paths.js';
import { startLocalRuntime, writeRuntimeFile } from './runtime.js';
import { reseedKeys, reseedsSandbox } from './seed-config.js';

// Who may approve locally: members of the `approvers` group (policy's default approver rule).
const LOCAL_GROUPS = { U_APPROVER: ['approvers'], U_APPROVER_2: ['approvers'] };

async function main(): Promise<void> {
  const dataDir = process.env.AGENTCORE_DATA_DIR ?? localDataDir();
  // Keys, the run's credentials and the tables live here: the user's alone when made here.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // One runtime per data folder, taken before anything starts: a second one touches nothing.
  const lock = await InstanceLock.acquire(dataDir);
  process.once('exit', () => lock.release());
  if (lock.replaced)
    console.log(
      `taking over the lock on ${dataDir}: pid ${lock.replaced.pid} is no longer running`,
    );
  const model = resolveModelProvider(modelConfigFromEnv(process.env));
  // The functions log JSON lines, as on Lambda; locally they go to a file, the console stays readable.
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const logFile = join(dataDir, 'logs', 'functions.jsonl');
  const logs = createWriteStream(logFile, { flags: 'a' });
  // Policies, MCP servers, the directory: seeded from this folder on first start, then the
  // config store (edited over the API) is the configuration. AGENTCORE_RESEED=all seeds again.
  const configDir = process.env.AGENTCORE_CONFIG_DIR ?? join(repositoryRoot(), 'config', 'local');
  const runtime = await startLocalRuntime({
    dataDir,
    configDir,
    reseed: reseedKeys(process.env.AGENTCORE_RESEED),
    // The Google and Jira sandboxes are kept in .local/sandbox/; AGENTCORE_RESEED=sandbox seeds them again.
    reseedSandbox: reseedsSandbox(process.env.AGENTCORE_RESEED),
    port: process.env.AGENTCORE_PORT ? Number(process.env.AGENTCORE_PORT) : undefined,
    apiPort: process.env.AGENTCORE_API_PORT ? Number(process.env.AGENTCORE_API_PORT) : undefined,
    slackPort: process.env.AGENTCORE_SLACK_PORT
      ? Number(process.env.AGENTCORE_SLACK_PORT)
      : undefined,
    groups: LOCAL_GROUPS,
    // "Tomorrow at 10" in the planner without a model means this zone (UTC unless set).
    ...(process.env.TIME_ZONE ? { env: { TIME_ZONE: process.env.TIME_ZONE } } : {}),
    model,
    notify: (text) => console.log(text),
    log: (line) => logs.write(`${line}\n`),
    sweepIntervalSeconds: 30,
  });
  const identitiesFile = join(dataDir, 'api-keys.json');
  await ensureLocalIdentities(runtime, identitiesFile);
  const runtimeFile = join(dataDir, 'runtime.json');
  writeRuntimeFile(runtimeFile, runtime, identitiesFile);
  lock.setEndpoint(runtime.endpoint);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping (waiting approvals are kept for the next start)`);
    rmSync(runtimeFile, { force: true });
    await runtime.stop();
    await new Promise((resolve) => logs.end(resolve));
    lock.release();
    console.log('stopped; nothing left running');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  console.log('AgentCore Marketplace, local runtime');
  console.log(
    `  request API     ${runtime.apiUrl}  (docs at ${runtime.apiUrl}/docs, OpenAPI at /openapi.json)`,
    `  admin UI        ${runtime.apiUrl}/admin  (sign in with a key from api-keys.json)`,
  );
  console.log(
    `  API keys        ${identitiesFile}  (yours only: requester, approver, approver2, admin)`,
  );
  console.log(
    `  AWS APIs        ${runtime.endpoint}  (Step Functions, Lambda Invoke; region ${runtime.region}; signed requests only, with this run's credentials from ${runtimeFile})`,
  );
  console.log(
    `  local Slack     ${runtime.slack.pageUrl}  (pick who you are, mention @agentcore, press the card's buttons; its gateway is ${runtime.slack.gatewayUrl})`,
  );
  console.log(`  DynamoDB Local  ${runtime.dynamoEndpoint}  (127.0.0.1 only; data in ${dataDir})`);
  const seed = runtime.configSeed;
  console.log(
    `  configuration   ${configDir}  (${seed?.seeded.length ? `seeded ${seed.seeded.map((each) => each.key).join(', ')}` : 'nothing seeded'}${seed?.kept.length ? `; kept as edited: ${seed.kept.join(', ')}` : ''}; see its README.md)`,
  );
  console.log(`  state machine   ${runtime.stateMachineArn}`);
  console.log(`  functions       ${Object.values(runtime.functions).join(', ')}`);
  console.log(`  logs            ${logFile}  (JSON lines, one per log call)`);
  console.log(
    `  sandbox         ${join(dataDir, 'sandbox')}  (the Google and Jira stand-ins' state, kept across restarts; AGENTCORE_RESEED=sandbox seeds it again)`,
  );
  console.log(
    '  MCP servers     totp, gifs, jira, google_admin, google_calendar, google_drive (built in, against local stand-ins: Giphy, Tenor, a Jira site, a Google Workspace company)',
  );
  console.log(
    `  model           ${model ? `${model.provider} ${model.modelId}` : 'none: the phrase planner plans common requests (set MODEL_PROVIDER=bedrock or MODEL_PROVIDER=openai for any)'}`,
  );
  if (runtime.resumed > 0)
    console.log(`  resumed         ${runtime.resumed} unfinished execution(s)`);
  console.log(
    'Try it (in another terminal; the CLI acts as the local requester unless --as names another identity):',
  );
  console.log(
    '  npm run hitl-mcp -- run --tool gifs__search_gifs --args \'{"query":"cat"}\' --wait',
  );
  console.log(
    '  npm run hitl-mcp -- run --tool google_admin__reset_2fa --args \'{"email":"bob@example.com"}\'   (needs approval)',
  );
  console.log(
    '  npm run hitl-mcp -- run --query "reset 2FA for bob@example.com"   (plain words, needs approval)',
  );
  console.log(
    '  npm run hitl-mcp -- run --query "book a meeting with bob@example.com tomorrow at 10 for 30 minutes"   (Calendar, needs approval)',
  );
  console.log('  npm run hitl-mcp -- approvals list --as approver');
  console.log('  npm run hitl-mcp -- approve REQUEST_ID --as approver');
  console.log(
    `  KEY=$(node -p "require('${identitiesFile}').identities.requester.key"); curl -H "Authorization: Bearer $KEY" ${runtime.apiUrl}/requests`,
  );
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(
    `local runtime failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
