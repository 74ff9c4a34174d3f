import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalIdentityName, runCli } from '@agentcore/cli';
import type { ApprovalItem, RequestStatus } from '@agentcore/core';
import {
  ensureLocalIdentities,
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
  writeRuntimeFile,
} from '@agentcore/local';
import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import type { ApiRole } from '@agentcore/store';
import { type ApiAnswer, apiClient } from './api-client.js';
import { OpsServerFixture, TEST_POLICIES } from './ops-server.js';

/** How many function invocations `until` sits through before it gives up. */
const MAX_INVOCATIONS_WAITED = 1_000;

export const APPROVERS = { U_APPROVER: ['approvers'], U_APPROVER_2: ['approvers'] };

export interface LocalSystem {
  runtime: LocalRuntime;
  ops: OpsServerFixture;
  notifications: string[];
  /** Runs `hitl-mcp …` as a person would, against this runtime (`--as NAME` picks who). */
  hitl(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `--api-key …` for a key of someone besides the local identities (a stranger, say). */
  keyFlags(identity: { userId: string; roles: ApiRole[] }): Promise<string[]>;
  /** `POST /requests` with `body` as a local identity: for what the CLI cannot say in one call. */
  submit(body: unknown, as?: LocalIdentityName): Promise<ApiAnswer>;
  /** Any call of the request API as a local identity, the way a program makes it. */
  api(method: string, path: string, body?: unknown, as?: LocalIdentityName): Promise<ApiAnswer>;
  /** `hitl-mcp …` with environment variables set (HITL_API_URL, HITL_PROFILES, MCP_SERVERS …). */
  hitlWithEnv(
    env: Record<string, string>,
    ...argv: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  waitFor(requestId: string, status: RequestStatus): Promise<ApprovalItem>;
  /**
   * Reads again after each function invocation until `done` holds: no polling on a timer, since
   * every change the workflow makes is written by a function (the test's own calls it awaits).
   */
  until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T>;
  stop(): Promise<void>;
}

/** The local runtime with the ops fixture server and test policies, and a CLI bound to it. */
export async function startLocalSystem(
  options: Partial<LocalRuntimeOptions> = {},
): Promise<LocalSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-cli-'));
  const ops = new OpsServerFixture();
  const notifications: string[] = [];
  const notify = (text: string) => {
    notifications.push(text);
  };
  const runtime = await startLocalRuntime({
    groups: APPROVERS,
    policies: [...DEFAULT_POLICY_SOURCES, ...TEST_POLICIES],
    extraServers: { ops: ops.build },
    notify,
    ...options,
  });
  const identitiesFile = join(dir, 'api-keys.json');
  const { identities } = await ensureLocalIdentities(runtime, identitiesFile);
  const runtimeFile = join(dir, 'runtime.json');
  writeRuntimeFile(runtimeFile, runtime, identitiesFile);
  const hitlWithEnv = async (env: Record<string, string>, ...argv: string[]) => {
    const outcome = await runCli(argv, {
      env,
      runtimeFile,
      progress: () => undefined,
      // Retries go at once: tests do not sleep on Retry-After.
      http: { sleep: async () => undefined },
    });
    return { code: outcome.code, stdout: outcome.stdout ?? '', stderr: outcome.stderr ?? '' };
  };
  const api = (
    method: string,
    path: string,
    body?: unknown,
    as: LocalIdentityName = 'requester',
  ): Promise<ApiAnswer> => apiClient(runtime.apiUrl, identities[as]?.key).send(method, path, body);
  const until = async <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    what: string,
  ): Promise<T> => {
    // Bounded: a request moves through a few dozen invocations at most.
    for (let invocation = 0; invocation < MAX_INVOCATIONS_WAITED; invocation++) {
      // Listen before reading, so an invocation that ends in between is not missed.
      const next = runtime.nextInvocation();
      const value = await read();
      if (done(value)) return value;
      await next;
    }
    throw new Error(`gave up waiting for ${what} after ${MAX_INVOCATIONS_WAITED} invocations`);
  };
  return {
    runtime,
    ops,
    notifications,
    hitl: (...argv) => hitlWithEnv({}, ...argv),
    hitlWithEnv,
    keyFlags: async ({ userId, roles }) => {
      const { key } = await runtime.issueApiKey({ userId, displayName: userId, roles });
      return ['--api-key', key];
    },
    submit: (body, as = 'requester') => api('POST', '/requests', body, as),
    api,
    until,
    waitFor: async (requestId, status) => {
      const item = await until(
        () => runtime.stores.approvals.get(requestId),
        (found) => found?.status === status,
        `request ${requestId} to become ${status}`,
      );
      return item as ApprovalItem;
    },
    stop: async () => {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The request id `hitl-mcp run --json` printed. */
export function requestIdOf(stdout: string): string {
  const parsed = JSON.parse(stdout) as { requestId?: string; request?: { requestId: string } };
  const id = parsed.requestId ?? parsed.request?.requestId;
  if (!id) throw new Error(`no request id in ${stdout}`);
  return id;
}
