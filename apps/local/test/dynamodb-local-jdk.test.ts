import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../src/dynamodb-local.js';

const dir = mkdtempSync(join(tmpdir(), 'jre-only-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('starting DynamoDB Local', () => {
  it('says to install a JDK when the java found is a runtime without a compiler', async () => {
    // Prepare: a `java` that answers as a JRE does, listing no jdk.compiler module.
    const jre = join(dir, 'java');
    writeFileSync(
      jre,
      '#!/bin/sh\nprintf "java.base@17.0.15\\njava.logging@17.0.15\\njava.sql@17.0.15\\n"\n',
    );
    chmodSync(jre, 0o755);

    // Act
    const starting = startDynamoDbLocal({ java: jre });

    // Assess
    await expect(starting).rejects.toThrow(/Java runtime \(JRE\) without a compiler/);
    await expect(starting).rejects.toThrow(/Install a JDK 17 or newer/);
  });

  it('says Java is missing when there is none to run', async () => {
    const starting = startDynamoDbLocal({ java: join(dir, 'no-such-java') });

    await expect(starting).rejects.toThrow(/could not run .*no-such-java.*JDK\) 17 or newer/);
  });
});
