import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from '@agentcore/local';
import { afterAll, describe, expect, inject, it } from 'vitest';

/** This machine's addresses other hosts could reach it on (link-local ones with their scope). */
function nonLoopbackAddresses(): string[] {
  return Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? [])
      .filter((address) => !address.internal)
      .map((address) =>
        address.family === 'IPv6' && address.address.toLowerCase().startsWith('fe80:')
          ? `${address.address}%${name}`
          : address.address,
      ),
  );
}

/** 'connected', or the error code the connection attempt ended with. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

const addresses = nonLoopbackAddresses();
const started: DynamoDbLocal[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const dynamo of started) await dynamo.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Without a network interface there is no other address to try from: nothing to prove here.
describe.skipIf(addresses.length === 0)(
  'DynamoDB Local, seen from the network (skipped: this machine has no non-loopback address)',
  () => {
    it('refuses connections on every non-loopback address of the shared test instance', async () => {
      // Prepare: the instance the integration tests' global setup started.
      const port = Number(new URL(inject('dynamoEndpoint')).port);

      // Act
      const fromNetwork = await Promise.all(addresses.map((host) => tryConnect(host, port)));
      const fromLoopback = await tryConnect('127.0.0.1', port);

      // Assess
      expect(fromNetwork).toEqual(addresses.map(() => 'ECONNREFUSED'));
      expect(fromLoopback).toBe('connected');
    });

    it('refuses them too when it keeps its data in a folder, as the local runtime starts it', async () => {
      // Prepare
      const dir = mkdtempSync(join(tmpdir(), 'dynamodb-loopback-'));
      dirs.push(dir);
      const dynamo = await startDynamoDbLocal({ dataDir: dir });
      started.push(dynamo);

      // Act
      const fromNetwork = await Promise.all(addresses.map((host) => tryConnect(host, dynamo.port)));
      const fromLoopback = await tryConnect('127.0.0.1', dynamo.port);

      // Assess
      expect(fromNetwork).toEqual(addresses.map(() => 'ECONNREFUSED'));
      expect(fromLoopback).toBe('connected');
    }, 120_000);
  },
);
