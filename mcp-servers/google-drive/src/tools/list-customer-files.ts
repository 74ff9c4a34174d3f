import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DriveFile } from '../drive-api.js';
import { ListCustomerFilesInputSchema, ListCustomerFilesOutputSchema } from '../schemas.js';
import { FOLDER, fileSummary, quoted, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

/** The one folder with exactly this name in `parent`, or undefined. */
async function folderNamed(
  deps: ToolDeps,
  user: string,
  parent: string,
  name: string,
): Promise<DriveFile | undefined> {
  const page = await deps.drive.listFiles(user, {
    q: `mimeType = ${quoted(FOLDER)} and name = ${quoted(name)} and ${quoted(parent)} in parents and trashed = false`,
    pageSize: 1,
  });
  return page.files[0];
}

export function registerListCustomerFiles(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_customer_files',
    {
      title: "List a customer's files",
      description:
        "Lists the files in a customer's folder (customers root, then the folder of the name's " +
        'first letter, then the customer), and with recursive those in its subfolders.',
      inputSchema: ListCustomerFilesInputSchema,
      outputSchema: ListCustomerFilesOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const root = deps.customerFolderId;
        if (root === undefined) {
          throw new GoogleWorkspaceError(
            'invalid_input',
            'list_customer_files needs GOOGLE_DRIVE_CUSTOMER_FOLDER_ID (the customers root folder)',
          );
        }
        const user = requesterEmail(extra._meta);
        const letter = input.customer_name.charAt(0).toUpperCase();
        const letterFolder = await folderNamed(deps, user, root, letter);
        if (!letterFolder?.id) {
          throw new GoogleWorkspaceError(
            'not_found',
            `Letter folder '${letter}' not found under customer root`,
          );
        }
        const customer = await folderNamed(deps, user, letterFolder.id, input.customer_name);
        if (!customer?.id) {
          throw new GoogleWorkspaceError(
            'not_found',
            `Customer folder '${input.customer_name}' not found under letter '${letter}'`,
          );
        }
        const files: DriveFile[] = [];
        const queue = [customer.id];
        // Each folder once, so a folder reached twice cannot list its files twice.
        const seen = new Set(queue);
        let truncated = false;
        while (queue.length > 0 && !truncated) {
          const folder = queue.shift() ?? '';
          let pageToken: string | undefined;
          do {
            const page = await deps.drive.listFiles(user, {
              q: `${quoted(folder)} in parents and trashed = false${input.include_shared ? '' : " and 'me' in owners"}`,
              pageSize: 100,
              ...(pageToken === undefined ? {} : { pageToken }),
            });
            for (const file of page.files) {
              if (file.mimeType === FOLDER) {
                if (input.recursive && file.id && !seen.has(file.id)) {
                  seen.add(file.id);
                  queue.push(file.id);
                }
              } else if (files.length < input.max_results) {
                files.push(file);
              } else {
                truncated = true;
              }
            }
            pageToken = page.nextPageToken;
          } while (pageToken !== undefined && !truncated);
        }
        return toolResult({
          customer_name: input.customer_name,
          customer_folder_id: customer.id,
          total_files: files.length,
          files: files.map((file) => {
            const { permissions: _permissions, ...summary } = fileSummary(file);
            return summary;
          }),
          truncated,
        });
      }),
  );
}
