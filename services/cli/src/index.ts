export { type CliEnvironment, runCli, USAGE } from './cli.js';
export { type Outcome, UsageError } from './commands.js';
export { type RuntimeFile, RuntimeFileSchema } from './target.js';
