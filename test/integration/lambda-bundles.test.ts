import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTables, LOCAL_AWS, repositoryRoot } from '@agentcore/local';
import { tableNames } from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build, type Metafile } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundledInputs, bundleLambda, lambdaEntries } from '../../scripts/lambda-bundles.mjs';

const outdir = mkdtempSync(join(tmpdir(), 'agentcore-bundles-'));
const run = promisify(execFile);
const metafiles = new Map<string, Metafile>();

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the Lambda bundles', () => {
  it('bundle every function, and the request API bundle answers from its environment', async () => {
    // Prepare
    const entries = lambdaEntries();
    for (const lambda of entries) metafiles.set(lambda.name, await bundleLambda(lambda, outdir));
    const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    await createTables(raw, tableNames('bundle'));
    raw.destroy();
    const invoke = `import(${JSON.stringify(join(outdir, 'requests', 'index.mjs'))})
      .then((m) => m.handler({ operation: 'get_request', requestId: '01M801V66E3B9QHM2AVEF4QHKB' }))
      .then((answer) => process.stdout.write('\\n' + JSON.stringify(answer)));`;

    // Act
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', invoke], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        TABLE_PREFIX: 'bundle',
        STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:hitl',
      },
    });

    // Assess
    expect(entries.map((lambda) => lambda.name).sort()).toEqual([
      'completion-notifier',
      'decision-sweeper',
      'direct-invoke',
      'execute',
      'requests',
      'workflow-steps',
    ]);
    // The function logs JSON lines (warnings and errors on stderr) and EMF metrics, as on Lambda;
    // the answer is the last line on stdout.
    const jsonLines = (text: string) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const lines = jsonLines(stdout);
    expect(jsonLines(stderr)).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'invocation refused',
        service: 'agentcore-requests',
        requestId: '01M801V66E3B9QHM2AVEF4QHKB',
      }),
    );
    expect(lines.at(-1)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'request 01M801V66E3B9QHM2AVEF4QHKB not found' },
    });
  });

  // What each function may carry: only the steps that plan and judge need Cedar and the MCP
  // servers, only the executor and those steps need MCP, and a model SDK only where one runs.
  it.each([
    ['completion-notifier', { cedar: false, mcp: false, model: false, sns: true }],
    ['requests', { cedar: false, mcp: false, model: false, sns: false }],
    ['direct-invoke', { cedar: false, mcp: false, model: false, sns: false }],
    ['decision-sweeper', { cedar: false, mcp: false, model: false, sns: false }],
    ['execute', { cedar: false, mcp: true, model: true, sns: false }],
    ['workflow-steps', { cedar: true, mcp: true, model: true, sns: true }],
  ])('put in the %s bundle only what it uses', (name, expected) => {
    // Act
    const metafile = metafiles.get(name);
    const inputs = metafile ? bundledInputs(metafile) : [];
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
