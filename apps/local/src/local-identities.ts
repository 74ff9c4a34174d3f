import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  LOCAL_IDENTITIES,
  type LocalIdentitiesFile,
  LocalIdentitiesFileSchema,
} from '@agentcore/cli';
import type { LocalRuntime } from './runtime.js';

function readIdentities(path: string): LocalIdentitiesFile | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = LocalIdentitiesFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Keys for the local identities (a requester, two approvers, an admin), in a file only its owner
 * can read. Keys from an earlier start are kept while the store still honours them.
 */
export async function ensureLocalIdentities(
  runtime: Pick<LocalRuntime, 'stores' | 'issueApiKey'>,
  path: string,
): Promise<LocalIdentitiesFile> {
  const earlier = readIdentities(path)?.identities ?? {};
  const identities: LocalIdentitiesFile['identities'] = {};
  for (const [name, identity] of Object.entries(LOCAL_IDENTITIES)) {
    const kept = earlier[name];
    const stored = kept ? await runtime.stores.apiKeys.get(kept.keyId) : undefined;
    if (kept && stored && stored.revokedAt === undefined && stored.userId === identity.userId) {
      identities[name] = kept;
      continue;
    }
    const issued = await runtime.issueApiKey({ ...identity, roles: [...identity.roles] });
    identities[name] = { ...identity, roles: [...identity.roles], ...issued };
  }
  const file = { identities };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies to a new file only.
  chmodSync(path, 0o600);
  return file;
}
