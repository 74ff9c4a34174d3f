import type { MemoryTurn, StoredSlackSession, Thread } from '@agentcore/store';
import type { Planner } from '@agentcore/workflow';

/** The most of a thread's earlier turns a model is shown (the seed used 12 turns, 4000 chars). */
const CONTEXT_TURNS = 12;
const CONTEXT_CHARS = 4_000;

/** Where a thread's short-term memory is kept (the Slack sessions store). */
export interface ThreadSessions {
  get(thread: Thread): Promise<StoredSlackSession | undefined>;
}

/** The earlier turns of a thread as lines a model reads, newest last, bounded in size. */
export function threadContext(turns: readonly MemoryTurn[], query: string): string | undefined {
  // The thread's memory ends with this very request (and the gateway's note that it was
  // recorded): only what came before it is context.
  const index = turns
    .map((turn) => turn.role === 'user' && turn.content === query)
    .lastIndexOf(true);
  const earlier = (index >= 0 ? turns.slice(0, index) : turns).slice(-CONTEXT_TURNS);
  if (earlier.length === 0) return undefined;
  const transcript = earlier
    .map((turn) => `${turn.role}: ${turn.content.replace(/\s+/g, ' ').trim()}`)
    .join('\n');
  return transcript.length > CONTEXT_CHARS ? transcript.slice(-CONTEXT_CHARS) : transcript;
}

/**
 * A model planner that also reads the Slack thread a request was asked in: earlier turns reach
 * it before the request itself. Only the planner's input changes; the request's own words, as
 * stored and shown to approvers, stay what the person wrote. What runs is still only the exact
 * calls approvers see.
 */
export function withSlackThreadContext(planner: Planner, sessions: ThreadSessions): Planner {
  return {
    propose: async (input, signal) => {
      const { origin } = input;
      if (origin.source !== 'slack' || !origin.channelId || !origin.threadTs) {
        return planner.propose(input, signal);
      }
      const session = await sessions.get({
        channelId: origin.channelId,
        threadTs: origin.threadTs,
      });
      const context = session ? threadContext(session.turns, input.query) : undefined;
      if (!context) return planner.propose(input, signal);
      return planner.propose(
        {
          ...input,
          query: `[Slack thread so far]\n${context}\n\n[The request now]\n${input.query}`,
        },
        signal,
      );
    },
  };
}
