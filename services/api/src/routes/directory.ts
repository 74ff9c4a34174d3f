import { DirectoryDocumentSchema } from '@agentcore/adapters';
import type { DynamoConfigRepository } from '@agentcore/store';
import * as z from 'zod';
import type { ApiRoutes } from '../routing.js';

export interface DirectoryRoutesDeps {
  config: DynamoConfigRepository;
}

const DirectoryBodySchema = DirectoryDocumentSchema.extend({
  /** The version this change was made against; a newer saved version refuses it (409). */
  expectedVersion: z.number().int().min(0).optional(),
});

/**
 * The directory: the people the system knows and their groups (approver rules name groups).
 * Running functions read it by version, so a saved change applies to the next request.
 */
export function directoryRoutes(routes: ApiRoutes, deps: DirectoryRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/config/directory',
      summary:
        'The directory: people with their user id, name, email, Slack id and groups. Version 0: none saved yet (the APPROVER_GROUPS setting applies).',
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the directory and its version' },
    },
    async (c) => {
      const saved = await deps.config.latest('directory');
      if (!saved) return c.json({ version: 0, people: [] });
      const { people } = DirectoryDocumentSchema.parse(saved.value);
      return c.json({
        version: saved.version,
        people,
        author: saved.author,
        savedAt: saved.savedAt,
      });
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/config/directory',
      summary: 'Replace the directory; group changes apply to the next request and decision.',
      tag: 'config',
      access: 'admin',
      body: DirectoryBodySchema,
      responses: { 200: 'saved', 400: 'invalid directory', 409: 'someone saved a newer version' },
    },
    async (c, { principal, body }) => {
      const { expectedVersion, ...document } = body;
      const saved = await deps.config.save({
        key: 'directory',
        value: JSON.parse(JSON.stringify(document)),
        author: principal.userId,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      });
      return c.json({ version: saved.version, people: document.people });
    },
  );
}
