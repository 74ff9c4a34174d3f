import { DEFAULT_PLANNER_INSTRUCTIONS, PromptsDocumentSchema } from '@agentcore/adapters';
import type { DynamoConfigRepository } from '@agentcore/store';
import * as z from 'zod';
import type { ApiRoutes } from '../routing.js';

export interface PromptRoutesDeps {
  config: DynamoConfigRepository;
}

const PromptsBodySchema = PromptsDocumentSchema.extend({
  /** The version this change was made against; a newer saved version refuses it (409). */
  expectedVersion: z.number().int().min(0).optional(),
});

const HistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * The planner's system prompt: what the model is told before the list of tools it may choose
 * from (the list is always added). The planner reads it by version: a saved change applies to
 * the next request; with none saved, the built-in default applies.
 */
export function promptRoutes(routes: ApiRoutes, deps: PromptRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/config/prompts',
      summary:
        "The planner's system prompt in force; `default: true` when none was saved (the built-in one).",
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the prompt and its version' },
    },
    async (c) => {
      const saved = await deps.config.latest('prompts');
      if (!saved)
        return c.json({ version: 0, system: DEFAULT_PLANNER_INSTRUCTIONS, default: true });
      const { system } = PromptsDocumentSchema.parse(saved.value);
      return c.json({
        version: saved.version,
        system,
        default: false,
        author: saved.author,
        savedAt: saved.savedAt,
      });
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/config/prompts',
      summary: "Replace the planner's system prompt (the tool list is always added to it).",
      tag: 'config',
      access: 'admin',
      body: PromptsBodySchema,
      responses: { 200: 'saved', 400: 'invalid prompt', 409: 'someone saved a newer version' },
    },
    async (c, { principal, body }) => {
      const saved = await deps.config.save({
        key: 'prompts',
        value: { system: body.system },
        author: principal.userId,
        ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
      });
      return c.json({ version: saved.version, system: body.system, default: false });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/config/prompts/history',
      summary: 'The saved system prompts, newest first, with who saved each and when.',
      tag: 'config',
      access: 'admin',
      query: HistoryQuerySchema,
      responses: { 200: 'the versions' },
    },
    async (c, { query }) => {
      const versions = await deps.config.history('prompts', query.limit);
      return c.json({
        versions: versions.map((version) => ({
          version: version.version,
          system: PromptsDocumentSchema.safeParse(version.value).data?.system ?? null,
          author: version.author,
          savedAt: version.savedAt,
        })),
      });
    },
  );
}
