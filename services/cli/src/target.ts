import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { LOCAL_IDENTITIES, LocalIdentitiesFileSchema } from './local-identities.js';

/** What the local runtime writes when it starts, so the CLI finds it without configuration. */
export const RuntimeFileSchema = z.looseObject({
  /** The request API, on loopback. */
  apiUrl: z.url(),
  /** `.local/api-keys.json`: the keys of the local identities `--as` picks from. */
  identitiesFile: z.string().min(1),
  /** The local AWS APIs (Step Functions, Lambda Invoke). */
  endpoint: z.url(),
  pid: z.number().int(),
});
export type RuntimeFile = z.infer<typeof RuntimeFileSchema>;

/** Where the CLI sends its calls, and with which key. */
export interface Target {
  apiUrl: string;
  apiKey: string;
  /** How to name the target in messages (never the key). */
  label: string;
}

/** The target cannot be resolved: nothing running, no key, a profile missing or unsafe. */
export class TargetError extends Error {
  constructor(
    message: string,
    /** 3 when no usable credentials were found, 1 when nothing is there to talk to. */
    readonly exitCode: 1 | 2 | 3 = 1,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface TargetFlags {
  apiUrl?: string;
  apiKey?: string;
  profile?: string;
  as?: string;
}

const ProfilesFileSchema = z.object({
  profiles: z.record(z.string(), z.object({ apiUrl: z.url(), apiKey: z.string().min(1) })),
});

/** A file's JSON, or undefined when it is not JSON (half written, edited by hand). */
function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const AS_REFUSED =
  '--as picks one of the local runtime’s identities; against a deployed API your key says who you are (use --api-key, HITL_API_KEY or --profile)';

export function profilesPath(env: Record<string, string | undefined>): string {
  return env.HITL_PROFILES ?? join(env.HOME ?? homedir(), '.config', 'hitl-mcp', 'profiles.json');
}

function fromProfile(name: string, path: string): Target {
  if (!existsSync(path)) {
    throw new TargetError(`no profile file at ${path} (profile "${name}" was asked for)`, 2);
  }
  // A file holding keys that others can read is a leak waiting to happen: refuse to use it.
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new TargetError(
      `${path} is readable by other users; make it yours only with \`chmod 600 ${path}\``,
      3,
    );
  }
  let parsed: z.infer<typeof ProfilesFileSchema>;
  try {
    parsed = ProfilesFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new TargetError(
      `${path} is not a profile file: expected {"profiles":{"NAME":{"apiUrl":"https://…","apiKey":"hitl_…"}}}`,
      2,
    );
  }
  const profile = parsed.profiles[name];
  if (!profile) {
    const known = Object.keys(parsed.profiles).join(', ') || 'none';
    throw new TargetError(`no profile "${name}" in ${path} (profiles: ${known})`, 2);
  }
  return { ...profile, label: `${profile.apiUrl} (profile ${name})` };
}

function localRuntime(runtimeFile: string): RuntimeFile {
  if (!existsSync(runtimeFile)) {
    throw new TargetError(
      'the local runtime is not running: start it with `npm start`, or point at a deployed API with --api-url and --api-key (or --profile)',
    );
  }
  const runtime = RuntimeFileSchema.safeParse(readJson(runtimeFile));
  if (!runtime.success) {
    throw new TargetError(
      `${runtimeFile} is not a runtime file this CLI reads (an older runtime wrote it?): stop that runtime and run \`npm start\` again`,
    );
  }
  if (!processAlive(runtime.data.pid)) {
    throw new TargetError('the local runtime has stopped: start it again with `npm start`');
  }
  return runtime.data;
}

function localIdentityKey(identitiesFile: string, name: string): string {
  if (!Object.hasOwn(LOCAL_IDENTITIES, name)) {
    throw new TargetError(
      `--as ${name} is not a local identity; pick one of ${Object.keys(LOCAL_IDENTITIES).join(', ')}`,
      2,
    );
  }
  const file = existsSync(identitiesFile)
    ? LocalIdentitiesFileSchema.safeParse(readJson(identitiesFile))
    : undefined;
  const identity = file?.success ? file.data.identities[name] : undefined;
  if (!identity) {
    throw new TargetError(
      `no key for the local identity "${name}" in ${identitiesFile}: restart \`npm start\` to create it`,
      3,
    );
  }
  return identity.key;
}

/**
 * Explicit flags or HITL_API_URL / HITL_API_KEY first, then a profile, then the local runtime
 * that `npm start` is running, as the local identity `--as` names (the requester by default).
 */
export function resolveTarget(
  flags: TargetFlags,
  env: Record<string, string | undefined>,
  runtimeFile: string,
): Target {
  const apiUrl = flags.apiUrl ?? env.HITL_API_URL;
  const apiKey = flags.apiKey ?? env.HITL_API_KEY;
  const profile = flags.profile ?? env.HITL_PROFILE;
  if (apiUrl !== undefined || profile !== undefined) {
    if (flags.as !== undefined) throw new TargetError(AS_REFUSED, 2);
    if (apiUrl === undefined) return fromProfile(profile as string, profilesPath(env));
    if (!z.url({ protocol: /^https?$/ }).safeParse(apiUrl).success) {
      throw new TargetError(`--api-url ${apiUrl} is not an http(s) URL`, 2);
    }
    if (apiKey === undefined || apiKey.trim() === '') {
      throw new TargetError(`${apiUrl} needs an API key: give --api-key or set HITL_API_KEY`, 3);
    }
    return { apiUrl, apiKey: apiKey.trim(), label: apiUrl };
  }
  const runtime = localRuntime(runtimeFile);
  if (apiKey !== undefined) {
    // A key of its own against the local runtime (one `keys create` made, say).
    if (flags.as !== undefined) throw new TargetError('give either --as or --api-key, not both', 2);
    return { apiUrl: runtime.apiUrl, apiKey: apiKey.trim(), label: 'the local runtime' };
  }
  const name = flags.as ?? 'requester';
  return {
    apiUrl: runtime.apiUrl,
    apiKey: localIdentityKey(runtime.identitiesFile, name),
    label: `the local runtime (as ${name})`,
  };
}
