import type { ToolSession } from '../ports.js';

/** Where a sensitive output is kept, sealed for its one reader, until they read it once. */
export interface SensitiveOutputVault {
  /** Seals `output` for `recipient`; returns the digest that stands for it everywhere else. */
  seal(input: {
    requestId: string;
    recipient: string;
    tool: string;
    output: string;
  }): Promise<{ digest: string }>;
}

export interface SensitiveOutputDeps {
  /** Absent when no sealing key is configured: such outputs are then withheld from everyone. */
  vault?: SensitiveOutputVault;
  /** Makes a secret unprintable in this function's logs from now on. */
  redact?: (value: string) => void;
}

/** How every stored or shown form of a sensitive output begins. */
export const SENSITIVE_OUTPUT_MARKER = '[sensitive output:';

export function sealedMarker(digest: string, recipient: string): string {
  return `${SENSITIVE_OUTPUT_MARKER} hmac-sha256 ${digest}, delivered to ${recipient}]`;
}

export const WITHHELD_MARKER = `${SENSITIVE_OUTPUT_MARKER} withheld, no sealing key is configured]`;

/** True when `text` carries a sensitive output's marker (the requester has something to read). */
export function hasSealedOutput(text: string | undefined): boolean {
  return text?.includes(`${SENSITIVE_OUTPUT_MARKER} hmac-sha256 `) ?? false;
}

/**
 * Whether `tool`'s result is a secret, as `session` describes it; a tool it cannot describe
 * counts as one. Planning look-ups should refuse such tools: a model must never hold a secret.
 */
export async function returnsSecret(session: ToolSession, tool: string): Promise<boolean> {
  const described = (await session.listTools()).find((t) => t.name === tool);
  return described?.sensitiveOutput ?? true;
}

/** What to redact from logs: the output, and each longer string inside it when it is JSON. */
function secretValuesOf(output: string): string[] {
  const values = [output];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && value.length >= 6) values.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  try {
    walk(JSON.parse(output));
  } catch {
    // Not JSON: the whole text is the secret.
  }
  return values;
}

/**
 * The session the executor runs calls through: a tool whose metadata says its result is a
 * secret has that result sealed for the requester the moment it returns, and everything past
 * this point (the stored result, the audit, notifications, a model) sees only a marker with
 * its digest. A tool the session cannot describe is treated as sensitive.
 */
export function sealSensitiveOutputs(
  session: ToolSession,
  deps: SensitiveOutputDeps,
  target: { requestId: string; recipient: string },
): ToolSession {
  let sensitive: Promise<ReadonlyMap<string, boolean>> | undefined;
  const isSensitive = async (tool: string) => {
    sensitive ??= session
      .listTools()
      .then((tools) => new Map(tools.map((t) => [t.name, t.sensitiveOutput === true])));
    return (await sensitive).get(tool) ?? true;
  };
  const seal = async (tool: string, output: string): Promise<string> => {
    for (const value of secretValuesOf(output)) deps.redact?.(value);
    if (!deps.vault) return WITHHELD_MARKER;
    const { digest } = await deps.vault.seal({ ...target, tool, output });
    return sealedMarker(digest, target.recipient);
  };
  return {
    listTools: () => session.listTools(),
    call: async (call, signal) => {
      const outcome = await session.call(call, signal);
      if (!outcome.ok || outcome.output === undefined || !(await isSensitive(call.tool))) {
        return outcome;
      }
      return { ...outcome, output: await seal(call.tool, outcome.output) };
    },
    callTool: async (name, args, signal) => {
      const result = await session.callTool(name, args, signal);
      if (result.isError || !(await isSensitive(name))) return result;
      return { text: await seal(name, result.text), isError: false };
    },
    close: () => session.close(),
  };
}
