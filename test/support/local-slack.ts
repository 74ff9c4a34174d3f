import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import type { SlackStoredMessage } from '@agentcore/stand-ins';
import type { LocalSystem } from './local-system.js';

/** Saves config/local's directory (Alice, Ana, Ben, Ada): the gateway knows people only from it. */
export async function saveLocalDirectory(system: LocalSystem): Promise<void> {
  const value = JSON.parse(
    readFileSync(join(repositoryRoot(), 'config', 'local', 'directory.json'), 'utf8'),
  );
  await system.runtime.stores.config.save({ key: 'directory', value, author: 'test' });
}

/** The local Slack's page routes, driven as its page drives them (each sent on, signed). */
export function localSlackPage(system: LocalSystem) {
  const { standIn, pageUrl } = system.runtime.slack;
  const base = new URL(pageUrl).origin;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; text?: string; ts?: string },
    };
  };
  const messages = () => standIn.state.messages;
  const buttonsOf = (message: SlackStoredMessage) =>
    (message.blocks ?? []).flatMap((block) => {
      const { block_id, elements } = block as {
        block_id?: string;
        elements?: { type: string; action_id: string }[];
      };
      return (elements ?? [])
        .filter((element) => element.type === 'button')
        .map((element) => ({ block_id, action_id: element.action_id }));
    });
  return {
    standIn,
    messages,
    /** Posts `text` as `user` in `channel` (a reply in `thread_ts` when given). */
    say: (user: string, channel: string, text: string, thread_ts?: string) =>
      post('/page/messages', { user, channel, text, ...(thread_ts ? { thread_ts } : {}) }),
    /** Presses the button `action_id` on `message` as `user`. */
    press: (user: string, message: SlackStoredMessage, action_id: string) => {
      const button = buttonsOf(message).find((each) => each.action_id === action_id);
      if (!button) throw new Error(`no ${action_id} button on message ${message.ts}`);
      return post('/page/actions', {
        user,
        channel: message.channel,
        message_ts: message.ts,
        block_id: button.block_id,
        action_id,
      });
    },
    buttonsOf,
    /** The approval card in `thread` (the bot's message with an Approve button), if posted. */
    cardIn: (thread: string) =>
      messages().find(
        (message) =>
          message.thread_ts === thread &&
          message.bot_id !== undefined &&
          JSON.stringify(message.blocks ?? []).includes('hitl_'),
      ),
    repliesIn: (thread: string) => messages().filter((message) => message.thread_ts === thread),
  };
}
