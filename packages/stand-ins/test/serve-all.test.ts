import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStandInSecrets, startAll } from '../src/index.js';

describe('startAll', () => {
  it('starts Giphy, Tenor and Secrets Manager stand-ins and closes them together', async () => {
    // Prepare
    const running = await startAll({ secrets: { 'app/seed': 'JBSWY3DPEHPK3PXP' } });

    // Act
    const giphy = await fetch(`${running.giphy.url}/v1/gifs/trending?api_key=k`);
    const tenor = await fetch(`${running.tenor.url}/v2/featured?key=k`);
    await running.close();
    const afterClose = await fetch(`${running.giphy.url}/v1/gifs/trending?api_key=k`).then(
      () => 'answered',
      () => 'refused',
    );

    // Assess
    expect(giphy.status).toBe(200);
    expect(tenor.status).toBe(200);
    expect(running.secretsManager.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.jira.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(afterClose).toBe('refused');
  });
});

describe('loadStandInSecrets', () => {
  it('reads raw values and stores objects as their JSON text', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'stand-in-secrets-'));
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ raw: 'ABC', json: { secret: 'XYZ' } }));

    // Act
    const secrets = await loadStandInSecrets(file);
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(secrets).toEqual({ raw: 'ABC', json: '{"secret":"XYZ"}' });
  });
});
