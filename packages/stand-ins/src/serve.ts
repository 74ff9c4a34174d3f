// Runs the stand-ins as one process:
//   node --conditions=agentcore-source --import tsx packages/stand-ins/src/serve.ts
// Ports come from GIPHY_STAND_IN_PORT, TENOR_STAND_IN_PORT, SECRETS_MANAGER_STAND_IN_PORT and
// JIRA_STAND_IN_PORT (free ports when unset); STAND_IN_SECRETS_FILE names a JSON file of secrets
// to serve.
// Prints one JSON line with the base URLs on stdout, then serves until SIGINT or SIGTERM.
import { loadStandInSecrets, startAll } from './serve-all.js';

async function main(): Promise<void> {
  const secretsFile = process.env.STAND_IN_SECRETS_FILE;
  const running = await startAll({
    giphyPort: process.env.GIPHY_STAND_IN_PORT,
    tenorPort: process.env.TENOR_STAND_IN_PORT,
    secretsManagerPort: process.env.SECRETS_MANAGER_STAND_IN_PORT,
    jiraPort: process.env.JIRA_STAND_IN_PORT,
    secrets: secretsFile ? await loadStandInSecrets(secretsFile) : {},
  });
  const urls = {
    giphy: running.giphy.url,
    tenor: running.tenor.url,
    secretsManager: running.secretsManager.url,
    jira: running.jira.url,
  };
  process.stdout.write(`${JSON.stringify(urls)}\n`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `stand-ins failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
