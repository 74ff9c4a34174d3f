import { RequestIdSchema } from '@agentcore/core';
import * as z from 'zod';

const SlackId = z.string().min(1).max(64);

/** A button press on one of our messages (the fields we read). */
export const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: SlackId }),
  trigger_id: z.string().min(1).max(512).optional(),
  channel: z.object({ id: SlackId }).optional(),
  container: z
    .object({
      channel_id: SlackId.optional(),
      message_ts: z.string().max(64).optional(),
      thread_ts: z.string().max(64).optional(),
    })
    .optional(),
  message: z
    .object({ ts: z.string().max(64), thread_ts: z.string().max(64).optional() })
    .loose()
    .optional(),
  actions: z
    .array(
      z.object({ action_id: z.string().min(1).max(255), value: z.string().max(2_000).optional() }),
    )
    .min(1)
    .max(25),
});
export type BlockActions = z.infer<typeof BlockActionsSchema>;

/** A submitted modal (the edit modal is the only one we open). */
export const ViewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: SlackId }),
  view: z
    .object({
      callback_id: z.string().max(255).optional(),
      private_metadata: z.string().max(3_000).optional(),
      blocks: z
        .array(z.object({ type: z.string(), block_id: z.string().max(255).optional() }).loose())
        .max(100)
        .default([]),
      state: z.object({ values: z.record(z.string(), z.unknown()) }).optional(),
    })
    .loose(),
});
export type ViewSubmission = z.infer<typeof ViewSubmissionSchema>;

export const InteractionSchema = z.discriminatedUnion('type', [
  BlockActionsSchema,
  ViewSubmissionSchema,
]);

/**
 * What a card's button carries: which request, and the digest of the calls the card showed.
 * Anything else in it (a `requester`, an `approver`) is dropped: who acts is the signed clicker.
 */
export const ButtonValueSchema = z.object({
  requestId: RequestIdSchema,
  callsDigest: z.string().regex(/^[0-9a-f]{64}$/),
});

/** The interaction inside a form body `payload=<json>`, or why it is not one. */
export function interactionOf(
  rawBody: string,
): { ok: true; value: z.infer<typeof InteractionSchema> } | { ok: false; error: string } {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (payload === null) return { ok: false, error: 'missing_payload' };
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, error: 'invalid_json' };
  }
  const parsed = InteractionSchema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: 'invalid_payload' };
}
