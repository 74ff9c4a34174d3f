/** The stop reasons Bedrock Converse reports. */
export type BedrockStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded';

/** The exceptions Bedrock can send inside a ConverseStream after it answered 200. */
export type BedrockStreamExceptionType =
  | 'throttlingException'
  | 'serviceUnavailableException'
  | 'validationException'
  | 'internalServerException'
  | 'modelStreamErrorException';

/**
 * A tool call the scripted model makes. `input` is sent as its JSON text; `rawInput` is sent
 * exactly as given, so a test can script input that is not valid JSON. Either way the text is
 * streamed in several `toolUse.input` fragments.
 */
export type ScriptedToolUse =
  | { readonly name: string; readonly input: Record<string, unknown>; readonly toolUseId?: string }
  | { readonly name: string; readonly rawInput: string; readonly toolUseId?: string };

/**
 * One answer of the scripted model:
 * - `reply`: text and/or tool calls; `stopReason` defaults to `tool_use` when there are tool
 *   calls, else `end_turn`.
 * - `error`: an HTTP error before any event (e.g. 429 ThrottlingException), as the service
 *   sends it: the status, `x-amzn-errortype` and a `{"message"}` body.
 * - `stream-exception`: a 200 stream that sends `partialText` (if any) and then an exception
 *   frame. On the unary `converse` route it is answered like an `error` of the same type.
 */
export type BedrockScriptedTurn =
  | {
      readonly kind: 'reply';
      readonly text?: string;
      readonly toolUses?: readonly ScriptedToolUse[];
      readonly stopReason?: BedrockStopReason;
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly errorType: string;
      readonly message: string;
    }
  | {
      readonly kind: 'stream-exception';
      readonly exception: BedrockStreamExceptionType;
      readonly message: string;
      readonly partialText?: string;
    };

/** Short constructors for the turns tests use most. */
export const bedrockTurns = {
  text(text: string, stopReason: BedrockStopReason = 'end_turn'): BedrockScriptedTurn {
    return { kind: 'reply', text, stopReason };
  },
  toolUse(...toolUses: ScriptedToolUse[]): BedrockScriptedTurn {
    return { kind: 'reply', toolUses };
  },
  /** A tool call whose streamed input is `rawInput` verbatim (e.g. cut-off JSON). */
  malformedToolUse(name: string, rawInput: string): BedrockScriptedTurn {
    return { kind: 'reply', toolUses: [{ name, rawInput }] };
  },
  /** HTTP 429 ThrottlingException before the stream starts; the SDK retries it. */
  throttled(message = 'Too many requests, please wait before trying again.'): BedrockScriptedTurn {
    return { kind: 'error', status: 429, errorType: 'ThrottlingException', message };
  },
  /** A throttlingException frame after `partialText`; the SDK does not retry it. */
  throttledInStream(
    partialText?: string,
    message = 'Too many tokens, please wait before trying again.',
  ): BedrockScriptedTurn {
    return {
      kind: 'stream-exception',
      exception: 'throttlingException',
      message,
      ...(partialText === undefined ? {} : { partialText }),
    };
  },
} as const;

/** A ConverseStream member name and its JSON payload, in sending order. */
export interface StreamEvent {
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

export interface RenderOptions {
  /** Characters per text delta. */
  readonly textChunk: number;
  /** Characters per tool input fragment. */
  readonly inputChunk: number;
  /** Gives each tool call without a scripted id a fresh one. */
  readonly nextToolUseId: () => string;
  /** Rough input size, reported as usage. */
  readonly inputTokens: number;
}

function chunks(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) {
    pieces.push(text.slice(start, start + size));
  }
  return pieces;
}

function rawInputOf(toolUse: ScriptedToolUse): string {
  return 'rawInput' in toolUse ? toolUse.rawInput : JSON.stringify(toolUse.input);
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

type ReplyTurn = Extract<BedrockScriptedTurn, { kind: 'reply' }>;

function stopReasonOf(turn: ReplyTurn): BedrockStopReason {
  return turn.stopReason ?? ((turn.toolUses?.length ?? 0) > 0 ? 'tool_use' : 'end_turn');
}

function usage(inputTokens: number, outputText: string) {
  const outputTokens = tokens(outputText);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** The events of a text block at `index`, streamed in chunks. */
function textBlockEvents(index: number, text: string, size: number): StreamEvent[] {
  return [
    ...chunks(text, size).map((piece) => ({
      type: 'contentBlockDelta',
      payload: { contentBlockIndex: index, delta: { text: piece } },
    })),
    { type: 'contentBlockStop', payload: { contentBlockIndex: index } },
  ];
}

/** The ConverseStream events of a reply, as Bedrock orders them. */
export function replyEvents(turn: ReplyTurn, options: RenderOptions): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'messageStart', payload: { role: 'assistant' } }];
  let index = 0;
  let output = '';
  if (turn.text !== undefined && turn.text.length > 0) {
    events.push(...textBlockEvents(index, turn.text, options.textChunk));
    output += turn.text;
    index += 1;
  }
  for (const toolUse of turn.toolUses ?? []) {
    const toolUseId = toolUse.toolUseId ?? options.nextToolUseId();
    events.push({
      type: 'contentBlockStart',
      payload: { contentBlockIndex: index, start: { toolUse: { toolUseId, name: toolUse.name } } },
    });
    const raw = rawInputOf(toolUse);
    for (const fragment of chunks(raw, options.inputChunk)) {
      events.push({
        type: 'contentBlockDelta',
        payload: { contentBlockIndex: index, delta: { toolUse: { input: fragment } } },
      });
    }
    events.push({ type: 'contentBlockStop', payload: { contentBlockIndex: index } });
    output += raw;
    index += 1;
  }
  events.push({ type: 'messageStop', payload: { stopReason: stopReasonOf(turn) } });
  events.push({
    type: 'metadata',
    payload: { usage: usage(options.inputTokens, output), metrics: { latencyMs: 1 } },
  });
  return events;
}

/** The events sent before an in-stream exception: an unfinished text block, if any. */
export function partialEvents(partialText: string | undefined, textChunk: number): StreamEvent[] {
  if (partialText === undefined || partialText.length === 0) return [];
  return [
    { type: 'messageStart', payload: { role: 'assistant' } },
    ...chunks(partialText, textChunk).map((piece) => ({
      type: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { text: piece } },
    })),
  ];
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value));
    }
  } catch {
    // Not JSON: the unary API reports this as malformed_tool_use below.
  }
  return undefined;
}

/** The unary Converse response body of a reply. */
export function replyBody(turn: ReplyTurn, options: RenderOptions): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  let output = '';
  let malformed = false;
  if (turn.text !== undefined && turn.text.length > 0) {
    content.push({ text: turn.text });
    output += turn.text;
  }
  for (const toolUse of turn.toolUses ?? []) {
    const raw = rawInputOf(toolUse);
    const input = parseObject(raw);
    if (input === undefined) malformed = true;
    content.push({
      toolUse: {
        toolUseId: toolUse.toolUseId ?? options.nextToolUseId(),
        name: toolUse.name,
        input: input ?? {},
      },
    });
    output += raw;
  }
  return {
    output: { message: { role: 'assistant', content } },
    // The unary API never returns unparseable input; it reports the turn as malformed instead.
    stopReason: malformed ? 'malformed_tool_use' : stopReasonOf(turn),
    usage: usage(options.inputTokens, output),
    metrics: { latencyMs: 1 },
  };
}

const EXCEPTION_STATUS: Readonly<Record<BedrockStreamExceptionType, [number, string]>> = {
  throttlingException: [429, 'ThrottlingException'],
  serviceUnavailableException: [503, 'ServiceUnavailableException'],
  validationException: [400, 'ValidationException'],
  internalServerException: [500, 'InternalServerException'],
  modelStreamErrorException: [424, 'ModelStreamErrorException'],
};

/** The HTTP status and error type the unary API uses for an in-stream exception type. */
export function unaryErrorOf(exception: BedrockStreamExceptionType): [number, string] {
  return EXCEPTION_STATUS[exception];
}
