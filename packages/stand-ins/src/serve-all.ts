import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from './aws/secrets-manager.js';
import { startGiphyStandIn } from './gifs/giphy.js';
import { startTenorStandIn } from './gifs/tenor.js';
import { type GoogleWorkspaceStandIn, startGoogleWorkspaceStandIn } from './google/workspace.js';
import type { StandIn } from './http/stand-in-server.js';
import { type JiraStandIn, startJiraStandIn } from './jira/jira.js';
import { forgetSandboxFiles } from './sandbox/sandbox-file.js';

const PortSchema = z.coerce.number().int().min(0).max(65535);

/** Where each stand-in listens (0 or absent: a free port) and what secrets to serve. */
export const ServeConfigSchema = z.object({
  giphyPort: PortSchema.optional(),
  tenorPort: PortSchema.optional(),
  secretsManagerPort: PortSchema.optional(),
  googlePort: PortSchema.optional(),
  jiraPort: PortSchema.optional(),
  secrets: z.record(z.string(), z.string()).default({}),
  /**
   * Where the Google and Jira sandboxes are kept between starts (`google.json`, `jira.json`);
   * in memory when absent.
   */
  sandboxDir: z.string().min(1).optional(),
  /** Forget the kept sandboxes first, so they start again from the seed. */
  reseedSandbox: z.boolean().default(false),
});
export type ServeConfig = z.input<typeof ServeConfigSchema>;

// A secrets file maps names to either a raw string or a JSON object, which is stored as its
// JSON text, the way a Secrets Manager secret with key/value pairs is.
const SecretsFileSchema = z.record(
  z.string().min(1),
  z.union([z.string(), z.record(z.string(), z.unknown())]),
);

/** Reads a `{ "name": "value" | { ... } }` JSON file into secret strings. */
export async function loadStandInSecrets(path: string): Promise<Record<string, string>> {
  const parsed = SecretsFileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  return Object.fromEntries(
    Object.entries(parsed).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

export interface RunningStandIns {
  readonly giphy: StandIn;
  readonly tenor: StandIn;
  readonly secretsManager: SecretsManagerStandIn;
  /** Google's OAuth token endpoint and Directory API, with the sandbox company. */
  readonly google: GoogleWorkspaceStandIn;
  readonly jira: JiraStandIn;
  close(): Promise<void>;
}

/** Starts the Giphy, Tenor, Secrets Manager and Jira stand-ins together, as `npm start` needs them. */
export async function startAll(input: ServeConfig = {}): Promise<RunningStandIns> {
  const config = ServeConfigSchema.parse(input);
  const started: StandIn[] = [];
  const kept = (name: string) =>
    config.sandboxDir === undefined ? {} : { statePath: join(config.sandboxDir, name) };
  if (config.sandboxDir !== undefined && config.reseedSandbox) {
    forgetSandboxFiles([
      join(config.sandboxDir, 'google.json'),
      join(config.sandboxDir, 'jira.json'),
    ]);
  }
  try {
    const giphy = await startGiphyStandIn({ port: config.giphyPort });
    started.push(giphy);
    const tenor = await startTenorStandIn({ port: config.tenorPort });
    started.push(tenor);
    const secretsManager = await startSecretsManagerStandIn({
      port: config.secretsManagerPort,
      secrets: config.secrets,
    });
    started.push(secretsManager);
    const google = await startGoogleWorkspaceStandIn({
      port: config.googlePort,
      ...kept('google.json'),
    });
    started.push(google);
    const jira = await startJiraStandIn({ port: config.jiraPort, ...kept('jira.json') });
    started.push(jira);
    return {
      giphy,
      tenor,
      secretsManager,
      google,
      jira,
      close: async () => {
        await Promise.all(started.map((standIn) => standIn.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((standIn) => standIn.close()));
    throw error;
  }
}
