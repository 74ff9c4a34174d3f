import { describe, expect, it } from 'vitest';
import { readEvents } from '../src/sse.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('reading server-sent events', () => {
  it('parses events split anywhere across chunks, skipping comments', async () => {
    // Prepare
    const body = streamOf([
      ': keep-alive\n\nevent: rece',
      'ived\nid: 1\ndata: {"requestId":"R"}\r\n\r\nevent: final\ndata: {"status":',
      '"completed"}\n\n',
    ]);

    // Act
    const events = [];
    for await (const event of readEvents(body)) events.push(event);

    // Assess
    expect(events).toEqual([
      { event: 'received', data: { requestId: 'R' } },
      { event: 'final', data: { status: 'completed' } },
    ]);
  });

  it('keeps data that is not JSON as text, and reads a last event without a blank line', async () => {
    const events = [];
    for await (const event of readEvents(streamOf(['event: note\ndata: plain words']))) {
      events.push(event);
    }
    expect(events).toEqual([{ event: 'note', data: { text: 'plain words' } }]);
  });
});
