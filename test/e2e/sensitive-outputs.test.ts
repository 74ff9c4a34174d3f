import { createHmac, randomBytes } from 'node:crypto';
import { LOCAL_AWS } from '@agentcore/local';
import { DEFAULT_POLICIES_TEXT } from '@agentcore/policy';
import { createDocumentClient, TABLES, type TableId, tableNames } from '@agentcore/store';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, apiClient } from '../support/api-client.js';
import {
  APPROVERS,
  type LocalSystem,
  requestIdOf,
  startLocalSystem,
} from '../support/local-system.js';
import { TEST_POLICIES } from '../support/ops-server.js';

// Seeds the TOTP server reads by name (TOTP_SECRET_<NAME>), planted so the test can compute
// every code they yield (RFC 6238, computed here independently of the server).
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const seed = () => Array.from(randomBytes(32), (byte) => BASE32[byte % 32]).join('');
const SEEDS = { planted: seed(), demo: seed() };

/** The default policies with the sensitive-output policy narrowed: oncall may fetch `demo`. */
const policy = 'forbid (principal, action in Action::"hint:sensitive_output", resource);';
const RELAXED = DEFAULT_POLICIES_TEXT.replace(
  policy,
  `${policy.slice(0, -1)}
unless { principal in Group::"oncall" &&
         context.arguments has secret_name && context.arguments.secret_name == "demo" };`,
);

function base32Bytes(text: string): Buffer {
  let bits = '';
  for (const char of text) bits += BASE32.indexOf(char).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}

function totp(base32: string, atMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', base32Bytes(base32)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Every code `base32` yielded between `fromMs` and `toMs` (one period either side). */
function codesBetween(base32: string, fromMs: number, toMs: number): string[] {
  const codes = new Set<string>();
  for (let at = fromMs - 30_000; at <= toMs + 30_000; at += 15_000) codes.add(totp(base32, at));
  return [...codes];
}

/** Where a code shows up as a code (not inside a longer number such as a timestamp). */
function holdsCode(text: string, codes: readonly string[]): string | undefined {
  return codes.find((code) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text));
}

let system: LocalSystem;
const logLines: string[] = [];

beforeAll(async () => {
  system = await startLocalSystem({
    log: (line) => logLines.push(line),
    env: { TOTP_SECRET_PLANTED: SEEDS.planted, TOTP_SECRET_DEMO: SEEDS.demo },
    groups: { ...APPROVERS, U_ALICE: ['oncall'] },
    policies: [{ name: 'default-policies.cedar', text: RELAXED }, ...TEST_POLICIES],
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

async function as(userId: string, roles: ('requester' | 'approver' | 'admin')[]) {
  const { key } = await system.runtime.issueApiKey({ userId, displayName: userId, roles });
  return apiClient(system.runtime.apiUrl, key);
}

async function everyTable(): Promise<string> {
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: system.runtime.dynamoEndpoint });
  const names = tableNames('agentcore-local');
  const dumps: string[] = [];
  for (const id of Object.keys(TABLES) as TableId[]) {
    const scanned = await documents.send(new ScanCommand({ TableName: names[id] }));
    dumps.push(JSON.stringify(scanned.Items ?? []));
  }
  documents.destroy();
  return dumps.join('\n');
}

describe('a TOTP code', () => {
  it('needs approval, and is seen by its requester alone, once', async () => {
    // Prepare: U_ALICE asks for the code of `planted`; an approver approves the call.
    const started = Date.now();
    const submitted = await system.hitl(
      'run',
      '--tool',
      'totp__get_totp_code',
      '--args',
      JSON.stringify({ secret_name: 'planted' }),
      '--json',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    const pending = await system.waitFor(requestId, 'pending');
    expect(pending.policy?.policyIds).toContain('default.sensitive-outputs');
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    expect(approved.code, approved.stderr).toBe(0);
    const done = await system.waitFor(requestId, 'completed');
    await system.runtime.settled(requestId);
    const codes = codesBetween(SEEDS.planted, started, Date.now());

    // Act: everything anyone but the requester's one-time read can see.
    const approver = await as('U_APPROVER', ['approver']);
    const admin = await as('U_ADMIN', ['admin']);
    const requester = await as('U_ALICE', ['requester']);
    const views: Record<string, string> = {};
    for (const [who, client] of Object.entries({ approver, admin, requester })) {
      for (const path of [
        `/requests/${requestId}`,
        `/requests/${requestId}/timeline`,
        '/requests?status=completed',
        '/requests?mine=true',
        `/audit/events?stream=${requestId}`,
      ]) {
        views[`${who} GET ${path}`] = (await client.get(path)).text;
      }
      views[`${who} events`] = await (await client.stream(`/requests/${requestId}/events`)).text();
    }
    const refusals: Record<string, ApiAnswer> = {
      approver: await approver.get(`/requests/${requestId}/secret`),
      admin: await admin.get(`/requests/${requestId}/secret`),
    };
    const stored = await everyTable();
    const first = await requester.get(`/requests/${requestId}/secret`);
    const second = await requester.get(`/requests/${requestId}/secret`);

    // Assess: the request keeps a marker, and the code is nowhere else.
    const marker = done.result?.toolCalls[0]?.output ?? '';
    expect(holdsCode(stored, codes), 'DynamoDB (every table)').toBeUndefined();
    expect(holdsCode(system.notifications.join('\n'), codes), 'SNS').toBeUndefined();
    expect(system.notifications.join('\n')).toContain(`hitl-mcp secret ${requestId}`);
    // The approvers were told which secret was asked for, and nothing more.
    expect(system.notifications.join('\n')).toContain('{"secret_name":"planted"}');
    expect(holdsCode(logLines.join('\n'), codes), 'logs').toBeUndefined();
    for (const [view, text] of Object.entries(views)) {
      expect(holdsCode(text, codes), view).toBeUndefined();
    }
    expect(marker).toMatch(
      /^\[sensitive output: hmac-sha256 [0-9a-f]{64}, delivered to U_ALICE\]$/,
    );
    expect(done.result?.output).toContain(marker);
    expect(views[`approver GET /requests/${requestId}`]).toContain(marker);
    expect(refusals.approver?.status).toBe(404);
    expect(refusals.admin?.status).toBe(404);
    // …but in the requester's one read, and that read is audited by its digest.
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(holdsCode(first.text, codes)).toBeDefined();
    expect(second.status).toBe(410);
    const audit = await system.runtime.stores.audit.list(requestId);
    const secretEvents = audit.filter((event) => event.type.startsWith('sensitive_output.'));
    expect(secretEvents.map((event) => [event.type, event.data.recipient])).toEqual([
      ['sensitive_output.sealed', 'U_ALICE'],
      ['sensitive_output.delivered', 'U_ALICE'],
    ]);
    expect(marker).toContain(String(secretEvents[0]?.data.digest));
  });

  it('is fetched without approval by the group a policy relaxes it for, and only for its secret', async () => {
    // Prepare: U_ALICE is in oncall; the active set lets oncall fetch `demo` without approval.
    const started = Date.now();

    // Act: `run --wait` as the requester prints the request and then its secret, once.
    const waited = await system.hitl(
      'run',
      '--tool',
      'totp__get_totp_code',
      '--args',
      JSON.stringify({ secret_name: 'demo' }),
      '--wait',
    );
    const other = await system.hitl(
      'run',
      '--tool',
      'totp__get_totp_code',
      '--args',
      JSON.stringify({ secret_name: 'planted' }),
      '--json',
    );
    const adminAsks = await system.submit(
      { toolCalls: [{ tool: 'totp__get_totp_code', arguments: { secret_name: 'demo' } }] },
      'admin',
    );

    // Assess
    expect(waited.code, waited.stderr).toBe(0);
    expect(holdsCode(waited.stdout, codesBetween(SEEDS.demo, started, Date.now()))).toBeDefined();
    expect(waited.stdout).toContain('shown once');
    const otherItem = await system.waitFor(requestIdOf(other.stdout), 'pending');
    // Nothing ran yet, so its requester has no secret to read; an id that is no request, neither.
    expect((await system.api('GET', `/requests/${otherItem.requestId}/secret`)).status).toBe(404);
    expect((await system.api('GET', '/requests/not-a-request/secret')).status).toBe(404);
    expect(otherItem.policy?.policyIds).toEqual(['default.sensitive-outputs']);
    const adminItem = await system.waitFor(String(adminAsks.body.requestId), 'pending');
    expect(adminItem.policy?.policyIds).toEqual(['default.sensitive-outputs']);
  });
});
