import { EventStreamCodec, type MessageHeaders } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const text = (value: string) => ({ type: 'string' as const, value });

/**
 * One `application/vnd.amazon.eventstream` event frame (prelude, headers, payload, CRCs), the
 * way Bedrock sends a ConverseStream member such as `contentBlockDelta`.
 */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  const headers: MessageHeaders = {
    ':message-type': text('event'),
    ':event-type': text(eventType),
    ':content-type': text('application/json'),
  };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(payload)) });
}

/**
 * An exception frame sent after a 200 response has started; the SDK throws it from the stream
 * iterator as the modelled exception (e.g. `throttlingException` -> ThrottlingException).
 */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  const headers: MessageHeaders = {
    ':message-type': text('exception'),
    ':exception-type': text(exceptionType),
    ':content-type': text('application/json'),
  };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify({ message })) });
}
