import * as z from 'zod';
import type { ApiRoutes } from '../routing.js';
import { aliasOf, type ServerActionDeps, serverActions } from '../server-actions.js';
import { ServerBodySchema } from './server-entries.js';

export type ServerRoutesDeps = ServerActionDeps;

const PatchBodySchema = z.strictObject({
  enabled: z.boolean().optional(),
  disabledTools: z.array(z.string().min(1).max(256)).max(500).optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

const DeleteQuerySchema = z.object({
  expectedVersion: z.coerce.number().int().min(0).optional(),
});

/** The MCP server routes (see server-actions.ts for what each does). */
export function serverRoutes(routes: ApiRoutes, deps: ServerRoutesDeps): void {
  const servers = serverActions(deps);

  routes.add(
    {
      method: 'get',
      path: '/config/mcp-servers',
      summary:
        'The MCP servers: configured ones and the built-in ones (builtIn). Environment and header values are never shown, only their names.',
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the servers and the configuration version' },
    },
    async (c) => c.json(await servers.list()),
  );

  routes.add(
    {
      method: 'post',
      path: '/config/mcp-servers',
      summary:
        'Add a server: exactly one of command (with args, env), path, url (with headers) or builtin.',
      tag: 'config',
      access: 'admin',
      body: ServerBodySchema,
      responses: {
        201: 'added; running functions use it from their next request',
        400: 'invalid server',
        409: 'the alias exists, or someone saved a newer version',
      },
    },
    async (c, { principal, body }) => c.json(await servers.add(principal.userId, body), 201),
  );

  routes.add(
    {
      method: 'put',
      path: '/config/mcp-servers/:alias',
      summary:
        'Replace a server. Environment and header values given as "(set)" or null, or left out entirely, keep the stored ones.',
      tag: 'config',
      access: 'admin',
      body: ServerBodySchema,
      responses: { 200: 'replaced', 400: 'invalid server', 404: 'no such server', 409: 'stale' },
    },
    async (c, { principal, body, params }) =>
      c.json(await servers.replace(principal.userId, aliasOf(params), body)),
  );

  routes.add(
    {
      method: 'patch',
      path: '/config/mcp-servers/:alias',
      summary:
        'Enable or disable a server, or set its disabled tools; built-in servers included (this saves an entry that speaks for them).',
      tag: 'config',
      access: 'admin',
      body: PatchBodySchema,
      responses: { 200: 'changed', 404: 'no such server', 409: 'stale' },
    },
    async (c, { principal, body, params }) =>
      c.json(await servers.patch(principal.userId, aliasOf(params), body)),
  );

  routes.add(
    {
      method: 'delete',
      path: '/config/mcp-servers/:alias',
      summary:
        'Remove a configured server. For a built-in one this removes what the configuration said about it (it is served with all its tools again); a built-in server itself cannot be removed, only disabled.',
      tag: 'config',
      access: 'admin',
      query: DeleteQuerySchema,
      responses: { 200: 'removed', 404: 'no such server', 409: 'built in, or stale' },
    },
    async (c, { principal, query, params }) =>
      c.json(await servers.remove(principal.userId, aliasOf(params), query.expectedVersion)),
  );

  routes.add(
    {
      method: 'get',
      path: '/config/mcp-servers/:alias/tools',
      summary:
        "A server's tools as it lists them now (asked live), with their annotations; disabled ones are marked.",
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the tools', 404: 'no such server', 503: 'the server cannot be reached' },
    },
    async (c, { params }) => c.json(await servers.tools(aliasOf(params))),
  );
}
