import * as z from 'zod';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';

/** A tool call the scripted model makes; string arguments are sent verbatim (malformed input). */
export interface ScriptedChatToolCall {
  readonly name: string;
  readonly arguments: Record<string, unknown> | string;
  readonly id?: string;
}

/** One answer of the scripted model. `finishReason` defaults to `tool_calls` or `stop`. */
export interface ScriptedChatTurn {
  readonly text?: string;
  readonly toolCalls?: readonly ScriptedChatToolCall[];
  readonly finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
}

export interface OpenAiStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /** Answers when no scripted turn is left; without it such a request gets a 400. */
  readonly respond?: (request: RecordedRequest) => ScriptedChatTurn;
  /** Characters per streamed content or arguments piece (default 6). */
  readonly chunk?: number;
}

/**
 * A local OpenAI-compatible `/v1/chat/completions` endpoint. Errors such as 429 or 503 are
 * scripted with `failNext` (they carry OpenAI's error body); answers with `script`.
 */
export interface OpenAiStandIn extends StandIn {
  readonly pendingTurns: number;
  script(turns: readonly ScriptedChatTurn[]): void;
}

/** OpenAI's error envelope. */
export function openAiErrorBody(status: number, message?: string) {
  const type =
    status === 429
      ? 'rate_limit_exceeded'
      : status >= 500
        ? 'server_error'
        : 'invalid_request_error';
  return {
    error: {
      message: message ?? `The stand-in answered HTTP ${status}.`,
      type,
      param: null,
      code: null,
    },
  };
}

const MessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string().min(1) }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullish(),
    tool_calls: z
      .array(
        z.object({
          id: z.string().min(1),
          type: z.literal('function'),
          function: z.object({ name: z.string().min(1), arguments: z.string() }),
        }),
      )
      .optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.string() }),
]);

const ChatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(MessageSchema).min(1),
    stream: z.boolean().optional(),
    tools: z
      .array(
        z.object({
          type: z.literal('function'),
          function: z.object({
            name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
            description: z.string().optional(),
            parameters: z.record(z.string(), z.unknown()).optional(),
          }),
        }),
      )
      .optional(),
    tool_choice: z
      .union([
        z.enum(['auto', 'none', 'required']),
        z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
      ])
      .optional(),
  })
  .loose();

type ChatRequest = z.infer<typeof ChatRequestSchema>;

/** OpenAI's complaint about the tool messages of a conversation, if it has one. */
function toolOrderProblem(request: ChatRequest): string | undefined {
  let open: string[] = [];
  for (const message of request.messages) {
    if (message.role === 'tool') {
      if (!open.includes(message.tool_call_id)) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
      open = open.filter((id) => id !== message.tool_call_id);
      continue;
    }
    if (open.length > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(', ')}`;
    }
    if (message.role === 'assistant') open = (message.tool_calls ?? []).map((call) => call.id);
  }
  const choice = request.tool_choice;
  if (choice && typeof choice === 'object') {
    const names = (request.tools ?? []).map((tool) => tool.function.name);
    if (!names.includes(choice.function.name)) {
      return `Invalid value for 'tool_choice': tool '${choice.function.name}' is not in 'tools'.`;
    }
  }
  return undefined;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length; start += size) out.push(text.slice(start, start + size));
  return out;
}

interface RenderedCall {
  id: string;
  name: string;
  args: string;
}

/**
 * Starts the stand-in on 127.0.0.1. Streaming requests (`stream: true`) are answered with
 * server-sent `chat.completion.chunk` events ending in `[DONE]`, tool call arguments split
 * across chunks as OpenAI does; others with one `chat.completion` object.
 */
export async function startOpenAiStandIn(
  options: OpenAiStandInOptions = {},
): Promise<OpenAiStandIn> {
  const turns: ScriptedChatTurn[] = [];
  const size = options.chunk ?? 6;
  let counter = 0;

  const invalid = (message: string): StandInReply => ({
    status: 400,
    json: openAiErrorBody(400, message),
  });

  const route = (recorded: RecordedRequest): StandInReply => {
    if (recorded.method !== 'POST' || recorded.path !== '/v1/chat/completions') {
      return { status: 404, json: openAiErrorBody(404, `Unknown request URL: ${recorded.path}`) };
    }
    let json: unknown;
    try {
      json = JSON.parse(recorded.body);
    } catch {
      return invalid('We could not parse the JSON body of your request.');
    }
    const parsed = ChatRequestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return invalid(`Invalid request: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    const problem = toolOrderProblem(parsed.data);
    if (problem) return invalid(problem);
    const turn = turns.shift() ?? options.respond?.(recorded);
    if (!turn) return invalid('The OpenAI stand-in has no scripted turn left for this request.');

    counter += 1;
    const id = `chatcmpl-standin-${counter}`;
    const model = parsed.data.model;
    const calls: RenderedCall[] = (turn.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_standin_${counter}_${index}`,
      name: call.name,
      args: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    const finish = turn.finishReason ?? (calls.length > 0 ? 'tool_calls' : 'stop');
    const text = turn.text ?? '';
    const completionTokens = Math.max(
      1,
      Math.ceil((text + calls.map((c) => c.args).join('')).length / 4),
    );
    const usage = {
      prompt_tokens: Math.max(1, Math.ceil(recorded.body.length / 4)),
      completion_tokens: completionTokens,
    };

    if (parsed.data.stream !== true) {
      return {
        status: 200,
        json: {
          id,
          object: 'chat.completion',
          created: 0,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: text || null,
                ...(calls.length > 0
                  ? {
                      tool_calls: calls.map((call) => ({
                        id: call.id,
                        type: 'function',
                        function: { name: call.name, arguments: call.args },
                      })),
                    }
                  : {}),
              },
              finish_reason: finish,
            },
          ],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        },
      };
    }

    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: 0,
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      })}\n\n`;
    const events = [chunk({ role: 'assistant', content: '' })];
    for (const piece of pieces(text, size)) events.push(chunk({ content: piece }));
    for (const [index, call] of calls.entries()) {
      events.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        }),
      );
      for (const piece of pieces(call.args, size)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    }
    events.push(chunk({}, finish));
    events.push('data: [DONE]\n\n');
    return {
      status: 200,
      bytes: { contentType: 'text/event-stream', data: new TextEncoder().encode(events.join('')) },
    };
  };

  const server = await startStandInServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    route,
    errorBody: (status) => openAiErrorBody(status),
  });

  return {
    url: server.url,
    port: server.port,
    requests: server.requests,
    failNext: (count, failure) => server.failNext(count, failure),
    close: () => server.close(),
    get pendingTurns() {
      return turns.length;
    },
    script(next) {
      turns.push(...next);
    },
    reset() {
      server.reset();
      turns.length = 0;
      counter = 0;
    },
  };
}
