import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTables, LOCAL_AWS, repositoryRoot } from '@agentcore/local';
import { generateApiKey } from '@agentcore/service-api';
import {
  createDocumentClient,
  createStores,
  fixedAuditKeys,
  generateAuditKeyring,
  tableNames,
} from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  bundledInputs,
  bundleLambda,
  functionCode,
  lambdaEntries,
  provideRuntimePackages,
  runtimeImports,
} from '../../scripts/lambda-bundles.mjs';

const outdir = mkdtempSync(join(tmpdir(), 'agentcore-bundles-'));
const ONE_MB = 1_000_000;
const run = promisify(execFile);
const metafiles = new Map<string, Metafile>();

/** Every service with a Lambda entry. */
const BUNDLED_FUNCTIONS = [
  'api',
  'completion-notifier',
  'decision-sweeper',
  'direct-invoke',
  'execute',
  'slack-gateway',
  'workflow-steps',
];

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the Lambda bundles', () => {
  it('bundle every function, and the request API bundle answers an API Gateway event from its environment', async () => {
    // Prepare
    const entries = lambdaEntries();
    for (const lambda of entries) metafiles.set(lambda.name, await bundleLambda(lambda, outdir));
    // The AWS SDK is the runtime's, not the bundles': here the workspace's copy stands in for it.
    provideRuntimePackages(outdir, [...metafiles.values()].flatMap(runtimeImports));
    const endpoint = inject('dynamoEndpoint');
    const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
    const tables = tableNames('bundle');
    await createTables(raw, tables);
    raw.destroy();
    const documents = createDocumentClient({ ...LOCAL_AWS, endpoint });
    const { keyId, token, secretHash } = generateApiKey();
    await createStores(documents, tables, fixedAuditKeys(generateAuditKeyring())).apiKeys.create({
      keyId,
      secretHash,
      userId: 'U_ADMIN',
      displayName: 'Admin',
      roles: ['admin'],
      createdBy: 'test',
    });
    documents.destroy();
    const event = (authorization?: string, path = '/requests/01M801V66E3B9QHM2AVEF4QHKB') => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { host: 'api.example.com', ...(authorization ? { authorization } : {}) },
      requestContext: {
        http: { method: 'GET', path, sourceIp: '192.0.2.1' },
        requestId: 'gw-request-1',
      },
      isBase64Encoded: false,
    });
    // Listing tools starts the built-in GIF server, whose code is a chunk loaded on demand.
    const events = [event(), event(`Bearer ${token}`), event(`Bearer ${token}`, '/tools')];
    const invoke = `const m = await import(${JSON.stringify(join(outdir, 'api', 'index.mjs'))});
      for (const event of ${JSON.stringify(events)}) {
        process.stdout.write('\\n' + JSON.stringify(await m.handler(event, {})) + '\\n');
      }`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', invoke], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        TABLE_PREFIX: 'bundle',
        STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:hitl',
        MCP_SERVERS: JSON.stringify([{ alias: 'gifs', builtin: 'gifs' }]),
      },
    });

    // Assess
    expect(entries.map((lambda) => lambda.name).sort()).toEqual([...BUNDLED_FUNCTIONS].sort());
    // The function logs JSON lines and EMF metrics, as on Lambda, between its answers.
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            statusCode?: number;
            body?: string;
            headers?: Record<string, string>;
          },
      );
    const [anonymous, keyed, tools] = lines.filter((line) => line.statusCode !== undefined);
    expect(anonymous?.statusCode).toBe(401);
    expect(keyed?.statusCode).toBe(404);
    // API Gateway's request id, so our logs and its access logs meet.
    expect(keyed?.headers?.['x-request-id']).toBe('gw-request-1');
    expect(JSON.parse(keyed?.body ?? '{}')).toMatchObject({
      error: { code: 'not_found', message: 'request 01M801V66E3B9QHM2AVEF4QHKB not found' },
    });
    expect(tools?.statusCode).toBe(200);
    const listed = JSON.parse(tools?.body ?? '{}') as { tools: { name: string }[] };
    expect(listed.tools.map((tool) => tool.name)).toContain('gifs__search_gifs');
  });

  // What each function may carry: only the functions that judge need Cedar, only those that list
  // or call tools need MCP, and a model SDK only where one plans (the executor runs approved
  // calls exactly: it has no model).
  it.each([
    ['completion-notifier', { cedar: false, mcp: false, model: false, sns: true }],
    // The API lists tools and asks policy about them; it never runs a model or publishes.
    ['api', { cedar: true, mcp: true, model: false, sns: false }],
    ['direct-invoke', { cedar: false, mcp: false, model: false, sns: false }],
    ['decision-sweeper', { cedar: false, mcp: false, model: false, sns: false }],
    ['execute', { cedar: false, mcp: true, model: false, sns: false }],
    ['workflow-steps', { cedar: true, mcp: true, model: true, sns: true }],
    // Slack's edge: an edit re-runs policy on the edited calls and re-pins their tools.
    ['slack-gateway', { cedar: true, mcp: true, model: false, sns: false }],
  ])('put in the %s bundle only what it uses', (name, expected) => {
    // Act
    const metafile = metafiles.get(name);
    // What it carries, and what it imports from the runtime (the AWS SDK).
    const inputs = metafile ? [...bundledInputs(metafile), ...runtimeImports(metafile)] : [];
    const has = (pattern: RegExp) => inputs.some((input) => pattern.test(input));

    // Assess
    expect(inputs.length, `${name} was bundled`).toBeGreaterThan(0);
    expect({
      cedar: has(/cedar-wasm/),
      mcp: has(/@modelcontextprotocol\/sdk|mcp-servers\//),
      model: has(/client-bedrock-runtime/),
      sns: has(/client-sns/),
    }).toEqual(expected);
  });

  // A cold start imports index.mjs and the chunks it imports; each built-in MCP server is a chunk
  // of its own, imported when a session first connects to it. The 1 MB bound is on what a cold
  // start imports: the on-demand chunks cost nothing until a request uses their server.
  it.each(BUNDLED_FUNCTIONS)(
    'keep what a cold start of %s imports under 1 MB, with no built-in server in it',
    (name) => {
      // Prepare
      const metafile = metafiles.get(name);
      if (!metafile) throw new Error(`${name} was not bundled`);

      // Act
      const code = functionCode(metafile);
      const atStartInputs = code.atStart.flatMap((path) =>
        Object.entries(metafile.outputs[path]?.inputs ?? {})
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([input]) => input),
      );

      // Assess
      expect(code.startBytes, `${name}: ${code.startBytes} bytes at start`).toBeLessThan(ONE_MB);
      // A server's `/configured` entry is its one light file the registry reads at start.
      expect(
        atStartInputs.filter((input) =>
          /mcp-servers\/(?!builtin\/)(?![^/]+\/src\/configured\.ts$)/.test(input),
        ),
      ).toEqual([]);
      expect(
        atStartInputs.filter((input) => /google-auth-library|@googleapis\//.test(input)),
      ).toEqual([]);
      // Sources import zod as `import * as z from 'zod'`: `import { z }` names its namespace
      // object, which esbuild then bundles whole, every locale included (~266 kB).
      expect(atStartInputs.filter((input) => /zod\/v4\/locales\/(?!en\.)/.test(input))).toEqual([]);
      expect(runtimeImports(metafile).every((path) => path.startsWith('@aws-sdk/'))).toBe(true);
    },
  );

  it('refuse to start, saying what is missing, when the environment is incomplete', async () => {
    // Act
    const attempt = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(join(outdir, 'execute', 'index.mjs'))})`,
      ],
      { cwd: tmpdir(), env: { PATH: process.env.PATH } },
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({
      stderr: expect.stringContaining('TABLE_PREFIX'),
    });
  });

  it.each(['core', 'policy', 'workflow'])(
    'keep the %s package free of AWS, Slack and Lambda code',
    async (name) => {
      // Act
      const result = await build({
        entryPoints: [join(repositoryRoot(), 'packages', name, 'src', 'index.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        write: false,
        metafile: true,
        conditions: ['agentcore-source'],
        logLevel: 'silent',
      });

      // Assess
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((input) => /@aws-sdk|@slack|aws-lambda/.test(input))).toEqual([]);
    },
  );
});
