import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { type CsvRowError, csvToIssues, decodeCsvInput } from '../csv.js';
import { JiraError } from '../errors.js';
import { ADDITIVE_WRITE } from './annotations.js';

/** Jira's bulk create takes at most 50 issues per call. */
export const BULK_LIMIT = 50;

export const BulkIssueUploadInputSchema = z.object({
  projectKey: z.string().trim().min(1).max(20),
  csv: z
    .string({ error: 'Provide csv' })
    .min(1, 'Provide csv')
    .max(2_000_000)
    .describe(
      'CSV text (or its base64) with a header row: Summary/Title, IssueType/Issue Type/Ticket Type, Description, Acceptance Criteria, Labels, Components, Assignee email',
    ),
  dryRun: z.boolean().default(true).describe('Parse and check only; nothing is created'),
  batchSize: z.number().int().min(1).max(BULK_LIMIT).default(BULK_LIMIT),
  defaults: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Fields every issue gets unless its row sets them'),
  fieldMap: z
    .record(z.string(), z.string())
    .default({})
    .describe('Logical column (Summary, IssueType, …) → the CSV header holding it'),
});

const RowErrorSchema = z.object({ row: z.number().int(), message: z.string() });

export const BulkIssueUploadOutputSchema = z.object({
  projectKey: z.string(),
  dryRun: z.boolean(),
  /** Rows that are ready to create (the dry run's preview count). */
  planned: z.number().int(),
  created: z.number().int(),
  issueKeys: z.array(z.string()),
  warnings: z.array(z.string()),
  errors: z.array(RowErrorSchema),
});

export function registerBulkIssueUpload(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'bulk_issue_upload',
    {
      title: 'Create Jira issues from a CSV',
      description:
        'Creates Jira issues from CSV rows in batches of up to 50, reporting each row Jira refused. dryRun (the default) only checks the CSV and writes nothing.',
      inputSchema: BulkIssueUploadInputSchema,
      outputSchema: BulkIssueUploadOutputSchema,
      annotations: ADDITIVE_WRITE,
    },
    (input) =>
      runTool(JiraError, async () => {
        const projectKey = input.projectKey.toUpperCase();
        const parsed = csvToIssues(decodeCsvInput(input.csv), projectKey, {
          fieldMap: input.fieldMap,
          defaults: input.defaults,
        });
        const errors: CsvRowError[] = [...parsed.errors];
        // Jira Cloud assigns by account id: each email must match exactly one account.
        const accounts = new Map<string, string | undefined>();
        const ready: { row: number; fields: Record<string, unknown> }[] = [];
        for (const issue of parsed.issues) {
          if (!issue.assigneeEmail) {
            ready.push(issue);
            continue;
          }
          const email = issue.assigneeEmail.toLowerCase();
          if (!accounts.has(email)) accounts.set(email, await jira.accountIdForEmail(email));
          const accountId = accounts.get(email);
          if (accountId === undefined) {
            errors.push({
              row: issue.row,
              message: `Could not resolve assignee account id from email: ${issue.assigneeEmail}`,
            });
            continue;
          }
          ready.push({ row: issue.row, fields: { ...issue.fields, assignee: { accountId } } });
        }

        if (input.dryRun) {
          return toolResult({
            projectKey,
            dryRun: true,
            planned: ready.length,
            created: 0,
            issueKeys: [],
            warnings: ['dryRun'],
            errors: errors.sort((a, b) => a.row - b.row),
          });
        }

        const issueKeys: string[] = [];
        const warnings: string[] = [];
        for (let start = 0; start < ready.length; start += input.batchSize) {
          const batch = ready.slice(start, start + input.batchSize);
          try {
            const result = await jira.bulkCreate(batch.map((issue) => ({ fields: issue.fields })));
            issueKeys.push(...result.issues.map((issue) => issue.key));
            for (const failure of result.errors) {
              const row = batch[failure.failedElementNumber]?.row ?? -1;
              const details = [
                ...failure.elementErrors.errorMessages,
                ...Object.entries(failure.elementErrors.errors).map(
                  ([field, message]) => `${field}: ${message}`,
                ),
              ];
              errors.push({ row, message: details.join('; ') || 'Jira refused the issue' });
            }
          } catch (error) {
            if (!(error instanceof JiraError)) throw error;
            // The batch as a whole failed; later batches may still go through.
            for (const issue of batch) errors.push({ row: issue.row, message: error.message });
          }
        }
        if (errors.length > 0) warnings.push(`${errors.length} row(s) were not created`);
        return toolResult({
          projectKey,
          dryRun: false,
          planned: ready.length,
          created: issueKeys.length,
          issueKeys,
          warnings,
          errors: errors.sort((a, b) => a.row - b.row),
        });
      }),
  );
}
