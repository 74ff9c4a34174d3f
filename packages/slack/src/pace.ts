/** A monotonic-enough clock in milliseconds and a way to wait; both injected in tests. */
export interface PaceTime {
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Waiting<T, R> {
  args: T;
  settle: Array<{ resolve: (value: R) => void; reject: (error: unknown) => void }>;
}

/**
 * Keeps calls on one channel at least `intervalMs` apart (Slack lets `chat.update` run about once
 * a second per channel) and coalesces: a newer update of a message still waiting its turn
 * replaces the older one, and every caller of that message gets the result of what was sent.
 */
export function createChannelPacer<T, R>(
  intervalMs: number,
  time: PaceTime,
  send: (args: T) => Promise<R>,
) {
  const lastSentAt = new Map<string, number>();
  const tails = new Map<string, Promise<void>>();
  const waiting = new Map<string, Waiting<T, R>>();

  return (channel: string, messageKey: string, args: T): Promise<R> => {
    const key = `${channel}\u0000${messageKey}`;
    const queued = waiting.get(key);
    if (queued) {
      queued.args = args;
      return new Promise<R>((resolve, reject) => queued.settle.push({ resolve, reject }));
    }
    const entry: Waiting<T, R> = { args, settle: [] };
    waiting.set(key, entry);
    const result = new Promise<R>((resolve, reject) => entry.settle.push({ resolve, reject }));
    const turn = async () => {
      const last = lastSentAt.get(channel);
      const wait = last === undefined ? 0 : last + intervalMs - time.nowMs();
      if (wait > 0) await time.sleep(wait);
      waiting.delete(key);
      try {
        const value = await send(entry.args);
        for (const each of entry.settle) each.resolve(value);
      } catch (error) {
        for (const each of entry.settle) each.reject(error);
      } finally {
        lastSentAt.set(channel, time.nowMs());
      }
    };
    const tail = (tails.get(channel) ?? Promise.resolve()).then(turn);
    tails.set(channel, tail);
    void tail.then(() => {
      if (tails.get(channel) === tail) tails.delete(channel);
    });
    return result;
  };
}
