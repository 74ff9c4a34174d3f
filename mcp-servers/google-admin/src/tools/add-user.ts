import { randomInt } from 'node:crypto';
import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AddUserInputSchema, AddUserOutputSchema } from '../schemas.js';
import { ADDITIVE_WRITE, emailOf, type ToolDeps } from './shared.js';

export const PASSWORD_NOTICE =
  'A random password was set and not disclosed to anyone. Before the user can sign in, an ' +
  'administrator sets a password for them in the Admin console (Reset password) and gives it ' +
  'to them out of band; they must change it at first sign-in.';

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@_'];

/**
 * A throwaway password nobody is told: 32 characters from a CSPRNG with every class present,
 * so it meets any password policy. It lives only in the create request.
 */
function throwawayPassword(): string {
  const alphabet = CLASSES.join('');
  const chars = Array.from({ length: 28 }, () => alphabet[randomInt(alphabet.length)] ?? 'x');
  for (const set of CLASSES) {
    chars.splice(randomInt(chars.length + 1), 0, set[randomInt(set.length)] ?? 'x');
  }
  return chars.join('');
}

export function registerAddUser(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'add_user',
    {
      title: 'Add a Google Workspace user',
      description:
        'Creates a user account. The initial password never enters the conversation: the ' +
        'account gets a random password that is not returned or stored anywhere, and must be ' +
        'changed at first sign-in; an administrator sets the first real password in the Admin ' +
        'console (Reset password).',
      inputSchema: AddUserInputSchema,
      outputSchema: AddUserOutputSchema,
      annotations: { ...ADDITIVE_WRITE, idempotentHint: false },
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const fullName = `${input.first_name} ${input.last_name}`;
        const created = await deps.directory.insertUser({
          primaryEmail: input.primary_email,
          name: { givenName: input.first_name, familyName: input.last_name, fullName },
          password: throwawayPassword(),
          changePasswordAtNextLogin: true,
          ...(input.org_unit_path === undefined ? {} : { orgUnitPath: input.org_unit_path }),
        });
        return toolResult({
          message: 'User created successfully',
          email: emailOf(created, input.primary_email),
          name: created.name?.fullName ?? fullName,
          id: created.id ?? '',
          change_password_at_next_login: created.changePasswordAtNextLogin ?? true,
          password: PASSWORD_NOTICE,
        });
      }),
  );
}
