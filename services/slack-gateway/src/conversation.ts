import { THREAD_STATUS } from '@agentcore/adapters';
import { DuplicateError, LIMITS } from '@agentcore/core';
import type { MemoryTurn } from '@agentcore/store';
import { submitRequest } from '@agentcore/workflow';
import type { GatewayDeps } from './deps.js';
import type { MessageEvent } from './event-payloads.js';
import { withoutLeadingMention } from './event-payloads.js';
import { identify, requesterOf } from './identity.js';

/** Slack retries for up to about 6 minutes; a claim lasts well past that. */
const CLAIM_SECONDS = 60 * 60;
/** Turns of a thread kept as its short-term memory. */
const MEMORY_TURNS = 20;

export interface MessageOutcome {
  outcome:
    | 'started'
    | 'duplicate'
    | 'not_engaged'
    | 'unknown_person'
    | 'empty'
    | 'too_long'
    | 'too_many'
    | 'not_started';
  requestId?: string;
}

/** A claim on `key`; false when someone claimed it before (a retry, a twin event). */
async function firstClaim(deps: GatewayDeps, key: string): Promise<boolean> {
  try {
    await deps.claims.claim(key, CLAIM_SECONDS);
    return true;
  } catch (error) {
    if (error instanceof DuplicateError) return false;
    throw error;
  }
}

/**
 * One person's message, through one path whether it mentioned the bot or replied in a thread
 * the bot is in: the thread's session (its earlier turns), a placeholder reply, the request
 * recorded and its workflow started. The person is the message's verified sender, known to the
 * directory; anyone else is told so and nothing runs.
 */
export async function startFromMessage(
  deps: GatewayDeps,
  input: { eventId: string; event: MessageEvent; botUserId: string | undefined },
): Promise<MessageOutcome> {
  const { event } = input;
  const thread = { channelId: event.channel, threadTs: event.thread_ts ?? event.ts };
  const session = await deps.sessions.get(thread);
  // A plain message (no mention) counts in a thread the bot is already part of, and in a direct
  // message to the bot, where every message is addressed to it.
  const direct = event.channel_type === 'im';
  if (event.type === 'message' && !session && !direct) return { outcome: 'not_engaged' };
  if (!(await firstClaim(deps, `slack-event:${input.eventId}`))) return { outcome: 'duplicate' };
  if (!(await firstClaim(deps, `slack-message:${event.channel}:${event.ts}`))) {
    return { outcome: 'duplicate' };
  }
  const user = event.user as string;
  const slack = await deps.slack();
  const tell = (text: string) =>
    slack.postEphemeral({ channel: event.channel, user, thread_ts: thread.threadTs, text });
  const identified = await identify(deps.directory, user);
  if (!identified.known) {
    await tell(identified.text);
    return { outcome: 'unknown_person' };
  }
  const { principal } = identified;
  const query = withoutLeadingMention(event.text, input.botUserId);
  if (!query) {
    await tell(
      'Tell me what you need in the same message, e.g. "@bot reset 2FA for bob@example.com".',
    );
    return { outcome: 'empty' };
  }
  if (query.length > LIMITS.query) {
    await tell(
      `That is ${query.length} characters; I take at most ${LIMITS.query}. Say it shorter.`,
    );
    return { outcome: 'too_long' };
  }
  const allowance = deps.submissions?.take(`slack:${user}`);
  if (allowance?.allowed === false) {
    await tell(
      `Slow down: you can start at most ${deps.submissions?.perMinute} requests a minute. ` +
        `Nothing was started; ask again in ${allowance.retryAfterSeconds} s.`,
    );
    return { outcome: 'too_many' };
  }
  // Best effort: a request whose placeholder Slack refused is still recorded, and its notifier
  // posts into the thread later.
  const placeholder = await slack
    .postMessage({
      channel: thread.channelId,
      thread_ts: thread.threadTs,
      // Final words from the start: no chat.update on the ack path (updates are paced per channel).
      text: ':hourglass_flowing_sand: Received; planning your request…',
    })
    .catch((error: unknown) => {
      deps.telemetry.logger.warn('slack placeholder not posted', {
        error: error instanceof Error ? error.name : 'unknown',
      });
      return undefined;
    });
  let requestId: string;
  try {
    ({ requestId } = await submitRequest(deps, {
      query,
      requester: requesterOf(principal),
      origin: { source: 'slack', ...thread },
    }));
  } catch (error) {
    deps.telemetry.logger.error('slack request not started', {
      error: error instanceof Error ? { name: error.name, message: error.message } : error,
    });
    const sorry = ':warning: I could not start your request; nothing ran. Please ask again.';
    await (placeholder
      ? slack.updateMessage({ channel: placeholder.channel, ts: placeholder.ts, text: sorry })
      : tell(sorry));
    return { outcome: 'not_started' };
  }
  await deps.ledger.recordThread(requestId, {
    ...thread,
    ...(placeholder ? { placeholderTs: placeholder.ts } : {}),
  });
  const turns: MemoryTurn[] = [
    ...(session?.turns ?? []),
    { role: 'user' as const, content: query.slice(0, 4_000) },
    { role: 'assistant' as const, content: `request ${requestId} recorded` },
  ].slice(-MEMORY_TURNS);
  await deps.sessions.save(thread, {
    sessionId: session?.sessionId ?? `slack:${thread.channelId}:${thread.threadTs}`,
    turns,
  });
  // A nicety where Slack has it (assistant threads); never a reason to fail the ack.
  await slack
    .setThreadStatus({
      channel_id: thread.channelId,
      thread_ts: thread.threadTs,
      status: THREAD_STATUS.planning,
    })
    .catch(() => undefined);
  return { outcome: 'started', requestId };
}
