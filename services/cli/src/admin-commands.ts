import { answer, type Context, type Outcome, UsageError } from './outcome.js';

interface ToolView {
  name: string;
  server: string;
  description?: string;
  policy?: { outcome?: string; reason?: string };
}

function firstLine(text: string | undefined, width = 70): string {
  const line = (text ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** `GET /tools`: what can be called, and what policy says about each for the caller. */
export async function tools(context: Context): Promise<Outcome> {
  const listed = await context
    .api()
    .call<{ tools: ToolView[]; unavailable?: unknown }>('GET', '/tools');
  const width = Math.max(4, ...listed.tools.map((tool) => tool.name.length));
  const lines = listed.tools.map(
    (tool) =>
      `${tool.name.replace('__', '/').padEnd(width)}  ${(tool.policy?.outcome ?? '-').padEnd(16)}  ${firstLine(tool.description)}`,
  );
  const unavailable = listed.unavailable === undefined ? [] : [listed.unavailable].flat();
  const text = [
    lines.length > 0 ? lines.join('\n') : 'No tools.',
    ...unavailable.map(
      (entry) => `unavailable: ${typeof entry === 'string' ? entry : JSON.stringify(entry)}`,
    ),
  ].join('\n');
  return answer(context.io, { ok: true, ...listed }, text);
}

interface KeyView {
  keyId: string;
  userId: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

const ROLES = new Set(['requester', 'approver', 'admin']);

export interface NewKeyOptions {
  userId?: string;
  name?: string;
  roles?: string;
}

/** `POST /keys`: the key is shown this once; only its hash is stored. */
export async function createKey(context: Context, options: NewKeyOptions): Promise<Outcome> {
  if (!options.userId)
    throw new UsageError('keys create needs --user-id (whom the key stands for)');
  const roles = (options.roles ?? 'requester').split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !ROLES.has(role));
  if (unknown.length > 0) {
    throw new UsageError(`--roles takes requester, approver, admin; not ${unknown.join(', ')}`);
  }
  const created = await context.api().call<KeyView & { key: string }>('POST', '/keys', {
    body: { userId: options.userId, displayName: options.name, roles },
  });
  return answer(
    context.io,
    { ok: true, ...created },
    [
      `Key ${created.keyId} for ${created.userId} (${created.roles.join(', ')}):`,
      '',
      `  ${created.key}`,
      '',
      'Keep it now: it is not shown again (only its hash is stored). Use it with',
      '--api-key, HITL_API_KEY or a profile; revoke it with `hitl-mcp keys revoke ' +
        `${created.keyId}\`.`,
    ].join('\n'),
  );
}

export async function listKeys(context: Context): Promise<Outcome> {
  const { keys } = await context.api().call<{ keys: KeyView[] }>('GET', '/keys');
  const lines = keys.map(
    (key) =>
      `${key.keyId}  ${key.userId.padEnd(14)} ${key.roles.join(',').padEnd(18)} ${
        key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`
      }  ${key.displayName}`,
  );
  return answer(context.io, { ok: true, keys }, lines.length > 0 ? lines.join('\n') : 'No keys.');
}

export async function revokeKey(context: Context, keyId: string): Promise<Outcome> {
  const { key } = await context
    .api()
    .call<{ key: KeyView }>('DELETE', `/keys/${encodeURIComponent(keyId)}`, { idempotent: true });
  return answer(
    context.io,
    { ok: true, key },
    `Key ${key.keyId} (${key.userId}) is revoked: calls with it are refused from now on.`,
  );
}
