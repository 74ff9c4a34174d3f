import * as z from 'zod';

// The request fields the stand-in checks; other fields are accepted and recorded as sent.
const ContentBlockSchema = z
  .object({
    text: z.string().optional(),
    toolUse: z
      .object({ toolUseId: z.string().min(1), name: z.string().min(1), input: z.unknown() })
      .optional(),
    toolResult: z
      .object({
        toolUseId: z.string().min(1),
        content: z.array(z.record(z.string(), z.unknown())),
        status: z.enum(['success', 'error']).optional(),
      })
      .optional(),
  })
  .loose();

const MessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.array(ContentBlockSchema).min(1),
});

const ToolSpecSchema = z.object({
  toolSpec: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    description: z.string().min(1).optional(),
    inputSchema: z.object({ json: z.record(z.string(), z.unknown()) }),
  }),
});

const ConverseRequestSchema = z
  .object({
    messages: z.array(MessageSchema).min(1),
    system: z.array(z.object({ text: z.string().min(1) }).loose()).optional(),
    inferenceConfig: z
      .object({
        maxTokens: z.int().min(1).optional(),
        temperature: z.number().min(0).max(1).optional(),
        topP: z.number().min(0).max(1).optional(),
        stopSequences: z.array(z.string()).optional(),
      })
      .optional(),
    toolConfig: z
      .object({
        tools: z.array(ToolSpecSchema).min(1),
        toolChoice: z
          .union([
            z.object({ auto: z.object({}) }),
            z.object({ any: z.object({}) }),
            z.object({ tool: z.object({ name: z.string().min(1) }) }),
          ])
          .optional(),
      })
      .optional(),
    guardrailConfig: z
      .object({ guardrailIdentifier: z.string().min(1), guardrailVersion: z.string().min(1) })
      .loose()
      .optional(),
  })
  .loose();

export type ConverseRequestBody = z.infer<typeof ConverseRequestSchema>;

type Message = z.infer<typeof MessageSchema>;

const toolUseIds = (message: Message) =>
  message.content.flatMap((block) => (block.toolUse ? [block.toolUse.toolUseId] : []));
const toolResultIds = (message: Message) =>
  message.content.flatMap((block) => (block.toolResult ? [block.toolResult.toolUseId] : []));

function checkMessages(messages: readonly Message[]): string | undefined {
  if (messages[0]?.role !== 'user') return 'A conversation must start with a user message.';
  for (const [index, message] of messages.entries()) {
    const previous = messages[index - 1];
    if (previous && previous.role === message.role) {
      return 'A conversation must alternate between user and assistant roles.';
    }
    for (const [blockIndex, block] of message.content.entries()) {
      if (block.text !== undefined && block.text.trim().length === 0) {
        return `The text field in the ContentBlock object at messages.${index}.content.${blockIndex} is blank. Add text to the text field, and try again.`;
      }
    }
    const results = toolResultIds(message);
    const expected = previous ? toolUseIds(previous) : [];
    if (results.length > expected.length) {
      return `The number of toolResult blocks at messages.${index}.content exceeds the number of toolUse blocks of previous turn.`;
    }
    if (expected.length > 0) {
      const missing = expected.filter((id) => !results.includes(id));
      if (missing.length > 0) {
        return `Expected toolResult blocks at messages.${index}.content for the following Ids: ${missing.join(', ')}`;
      }
    } else if (results.length > 0) {
      return `messages.${index}.content contains toolResult blocks but the previous turn has no toolUse blocks.`;
    }
  }
  const last = messages.at(-1);
  if (last && toolUseIds(last).length > 0) {
    return 'The last message has toolUse blocks without the toolResult blocks that must follow.';
  }
  return undefined;
}

// Claude 4.x models have no on-demand throughput under their base id; Bedrock wants a
// cross-region inference profile id (us., eu., apac., global.) instead.
const PROFILE_ONLY = /^anthropic\.claude-(?:haiku|sonnet|opus)-4/;

/** Bedrock's ValidationException message for `body`, or undefined when it would be accepted. */
export function validateConverseRequest(
  modelId: string,
  body: unknown,
): { ok: true; request: ConverseRequestBody } | { ok: false; message: string } {
  if (PROFILE_ONLY.test(modelId)) {
    return {
      ok: false,
      message: `Invocation of model ID ${modelId} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    };
  }
  const parsed = ConverseRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    return { ok: false, message: `1 validation error detected: ${path}: ${issue?.message}` };
  }
  const request = parsed.data;
  const usesTools = request.messages.some((message) =>
    message.content.some((block) => block.toolUse !== undefined || block.toolResult !== undefined),
  );
  if (usesTools && request.toolConfig === undefined) {
    return {
      ok: false,
      message:
        'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    };
  }
  const choice = request.toolConfig?.toolChoice;
  if (choice && 'tool' in choice) {
    const names = request.toolConfig?.tools.map((tool) => tool.toolSpec.name) ?? [];
    if (!names.includes(choice.tool.name)) {
      return { ok: false, message: `toolChoice names a tool that is not in toolConfig.tools.` };
    }
  }
  const problem = checkMessages(request.messages);
  return problem === undefined ? { ok: true, request } : { ok: false, message: problem };
}
