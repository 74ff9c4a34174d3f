import type { PlannerPromptSource } from '@agentcore/agent';
import * as z from 'zod';
import { liveConfig, type VersionedConfigStore } from './live-config.js';

export { DEFAULT_PLANNER_INSTRUCTIONS } from '@agentcore/agent';

/** The prompts as the config store keeps them under `prompts`. */
export const PromptsDocumentSchema = z.object({
  /** The planner's instructions; the list of tools it may choose from is always added. */
  system: z.string().trim().min(1).max(20_000),
});
export type PromptsDocument = z.infer<typeof PromptsDocumentSchema>;

/**
 * The planner's instructions from the config store, read afresh whenever its version changes;
 * none saved: undefined, and the planner's default applies.
 */
export function configStorePrompts(config: VersionedConfigStore<'prompts'>): PlannerPromptSource {
  const live = liveConfig<'prompts', string | undefined>(
    config,
    'prompts',
    (value) => PromptsDocumentSchema.parse(value).system,
    () => undefined,
  );
  return { plannerInstructions: async () => (await live.read()).value };
}
