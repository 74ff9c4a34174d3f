// The "is it configured?" check is exported by `./configured` alone: re-exported here, it would
// be in both the start code and this package's on-demand chunk, so esbuild would give it a
// chunk of its own, loaded at start.
export { textToAdf } from './adf.js';
export { JiraClient, type JiraClientOptions, jiraErrorText } from './client.js';
export { composeJiraServer, createJiraClient, type JiraHttpEdges } from './compose.js';
export { type JiraConfig, parseJiraConfig } from './config.js';
export { csvToIssues, decodeCsvInput, parseCsv } from './csv.js';
export { JiraError, type JiraErrorCode } from './errors.js';
export { buildJql, jqlString } from './jql.js';
export { buildServer, JIRA_SERVER_NAME, JIRA_SERVER_VERSION } from './server.js';
export { resolveTemplate, TEMPLATE_ALIASES } from './templates.js';
