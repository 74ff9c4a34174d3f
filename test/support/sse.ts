/** One server-sent event as a client receives it. */
export interface ServerSentEvent {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/**
 * The events of an SSE response, as they arrive (the body is read incrementally, so a test can
 * act between events, e.g. approve once `approval_requested` has come).
 */
export async function* serverSentEvents(response: Response): AsyncGenerator<ServerSentEvent> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
      }
      const data = fields.get('data');
      if (data !== undefined) {
        yield {
          event: fields.get('event') ?? 'message',
          id: fields.get('id'),
          data: JSON.parse(data) as Record<string, unknown>,
        };
      }
      end = buffered.indexOf('\n\n');
    }
  }
}
