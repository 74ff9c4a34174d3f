import * as z from 'zod';

const SlackId = z.string().min(1).max(64);
const SlackTs = z.string().regex(/^\d{1,12}(\.\d{1,9})?$/, 'must be a Slack message ts');

/** A message or mention as the Events API sends it (the fields we read; the rest is ignored). */
export const MessageEventSchema = z.object({
  type: z.enum(['app_mention', 'message']),
  user: SlackId.optional(),
  bot_id: z.string().max(64).optional(),
  subtype: z.string().max(64).optional(),
  text: z.string().max(40_000).default(''),
  ts: SlackTs,
  thread_ts: SlackTs.optional(),
  channel: SlackId,
  channel_type: z.string().max(32).optional(),
});
export type MessageEvent = z.infer<typeof MessageEventSchema>;

export const EnvelopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(512) }),
  z.object({
    type: z.literal('event_callback'),
    event_id: z.string().min(1).max(128),
    team_id: z.string().max(64).optional(),
    authorizations: z
      .array(z.object({ user_id: SlackId.optional(), is_bot: z.boolean().optional() }))
      .max(20)
      .optional(),
    // Checked as a message once its type says it is one; other events are acknowledged only.
    event: z.object({ type: z.string().min(1).max(64) }).loose(),
  }),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Message subtypes that carry a person's own words; every other subtype is a system echo. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/**
 * Why an event is ignored before anything happens, or undefined when it is a person's message:
 * bots (ours included), edits, deletions, joins and the like never start anything.
 */
export function ignoredBecause(event: MessageEvent, botUserId: string | undefined) {
  if (event.bot_id) return 'bot_message';
  if (!event.user) return 'no_user';
  if (botUserId && event.user === botUserId) return 'own_message';
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return `subtype_${event.subtype}`;
  return undefined;
}

/** The words after a leading mention of the bot (or of anyone, when our id is not known). */
export function withoutLeadingMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId
    ? new RegExp(`^\\s*<@${botUserId.replace(/[^A-Z0-9_]/gi, '')}(\\|[^>]*)?>[\\s:,]*`)
    : /^\s*<@[A-Z0-9_]+(\|[^>]*)?>[\s:,]*/i;
  return text.replace(mention, '').trim();
}

/** Whether a message mentions the bot anywhere (its app_mention twin handles it). */
export function mentions(text: string, botUserId: string | undefined): boolean {
  return botUserId !== undefined && text.includes(`<@${botUserId}`);
}
