import { basename } from 'node:path';
import type { McpServerTransport } from './config.js';
import { McpConfigError } from './errors.js';

/** How child processes are started. Everything has a default; none is read from the process. */
export interface LaunchOptions {
  /** Runs `.js`/`.ts` script servers. Default `node` on the child's PATH; pass `process.execPath`. */
  nodeExecutable?: string;
  /** Module `--import`ed to run `.ts` script servers (e.g. tsx's loader); required for them. */
  typescriptLoader?: string;
  /** Runs `.py` script servers. Default `python3`. */
  pythonExecutable?: string;
  /** PATH of a child that does not configure its own. Default `/usr/local/bin:/usr/bin:/bin`. */
  childPath?: string;
  /** Writable directory for package-manager caches (the only writable one on Lambda). Default `/tmp`. */
  scratchDir?: string;
}

export interface SpawnParams {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

type ProcessTransport = Extract<McpServerTransport, { type: 'stdio' | 'script' }>;

const DEFAULT_CHILD_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * The command line and environment of a child server. The environment is only what the server is
 * configured with, a PATH, and cache locations for package runners: never the parent's
 * environment, which holds our own secrets.
 */
export function toSpawnParams(
  transport: ProcessTransport,
  options: LaunchOptions = {},
): SpawnParams {
  const { command, args } = commandLine(transport, options);
  const env: Record<string, string> = {
    PATH: options.childPath ?? DEFAULT_CHILD_PATH,
    ...runnerDefaults(command, options.scratchDir ?? '/tmp'),
    ...transport.env,
  };
  const cwd = transport.type === 'stdio' ? transport.cwd : undefined;
  return cwd ? { command, args, env, cwd } : { command, args, env };
}

function commandLine(
  transport: ProcessTransport,
  options: LaunchOptions,
): { command: string; args: string[] } {
  if (transport.type === 'stdio') return { command: transport.command, args: transport.args };
  const { path, args } = transport;
  if (path.endsWith('.py'))
    return { command: options.pythonExecutable ?? 'python3', args: [path, ...args] };
  const node = options.nodeExecutable ?? 'node';
  if (path.endsWith('.ts') || path.endsWith('.mts')) {
    if (!options.typescriptLoader) {
      throw new McpConfigError(`no TypeScript loader configured to run ${path}`);
    }
    const loader = ['--conditions=agentcore-source', '--import', options.typescriptLoader];
    return { command: node, args: [...loader, path, ...args] };
  }
  return { command: node, args: [path, ...args] };
}

// The seed's cache locations for uvx and npx/npm (seed 4.2): without them these runners fail on a
// read-only home. They apply only where the configuration does not say otherwise.
function runnerDefaults(command: string, scratch: string): Record<string, string> {
  const name = basename(command);
  if (name === 'uvx' || name === 'uv') {
    return {
      UV_CACHE_DIR: `${scratch}/uvcache`,
      XDG_CACHE_HOME: scratch,
      XDG_DATA_HOME: scratch,
      UV_TOOL_DIR: `${scratch}/uvtools`,
    };
  }
  if (name === 'npx' || name === 'npm') {
    return { NPM_CONFIG_CACHE: `${scratch}/.npm`, NPX_CACHE_DIR: `${scratch}/.npx`, HOME: scratch };
  }
  return {};
}
