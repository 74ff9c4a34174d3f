const EVENT_BOUNDARY = /\r?\n\r?\n/;

function dataOf(event: string): string | undefined {
  const lines = event
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/**
 * The `data` of each server-sent event in a byte stream, in order. Comments, `event:` and `id:`
 * lines are skipped: chat completion streams only carry JSON (and `[DONE]`) in `data`.
 */
export async function* serverSentData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const boundary = EVENT_BOUNDARY.exec(buffer);
      if (!boundary) break;
      const data = dataOf(buffer.slice(0, boundary.index));
      buffer = buffer.slice(boundary.index + boundary[0].length);
      if (data !== undefined) yield data;
    }
  }
  buffer += decoder.decode();
  const data = dataOf(buffer);
  if (data !== undefined) yield data;
}
