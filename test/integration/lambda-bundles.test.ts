import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTables, LOCAL_AWS, repositoryRoot } from '@agentcore/local';
import { tableNames } from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundleLambda, lambdaEntries } from '../../scripts/lambda-bundles.mjs';

const outdir = mkdtempSync(join(tmpdir(), 'agentcore-bundles-'));
const run = promisify(execFile);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the Lambda bundles', () => {
  it('bundle every function, and the approval bundle answers from its environment', async () => {
    // Prepare
    const entries = lambdaEntries();
    for (const lambda of entries) await bundleLambda(lambda, outdir);
    const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    await createTables(raw, tableNames('bundle'));
    raw.destroy();
    const invoke = `import(${JSON.stringify(join(outdir, 'approval', 'index.mjs'))})
      .then((m) => m.handler({ step: 'status', requestId: '01M801V66E3B9QHM2AVEF4QHKB' }))
      .then((answer) => process.stdout.write(JSON.stringify(answer)));`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', invoke], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        TABLE_PREFIX: 'bundle',
        STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:hitl',
        NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:approvals',
      },
    });

    // Assess
    expect(entries.map((lambda) => lambda.name).sort()).toEqual([
      'approval',
      'completion-notifier',
      'execute',
    ]);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'request 01M801V66E3B9QHM2AVEF4QHKB not found' },
    });
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
