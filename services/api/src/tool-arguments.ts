import { type IssueDetail, type ToolCall, ValidationError } from '@agentcore/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

/** What a submission is checked against: the tools listed now, and the servers that did not answer. */
export interface ToolSchemaSource {
  listTools(): Promise<{
    tools: readonly { name: string; inputSchema: Record<string, unknown> }[];
    unavailable: readonly { alias: string }[];
  }>;
}

const MAX_ISSUES_PER_CALL = 20;
const MAX_COMPILED = 500;

// As the MCP SDK validates on the server side: formats checked, unknown keywords tolerated.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
// A CommonJS plugin: its function is the module itself or its `default`, depending on the loader.
const addFormats = ((formats as { default?: unknown }).default ?? formats) as (ajv: Ajv) => void;
addFormats(ajv);
const compiled = new Map<string, ValidateFunction | null>();

/** The compiled validator of a schema, or null when the schema itself cannot be compiled. */
function validatorOf(schema: Record<string, unknown>): ValidateFunction | null {
  const key = JSON.stringify(schema);
  let validator = compiled.get(key);
  if (validator === undefined) {
    try {
      // Without $schema: a draft-2020-12 URI would make draft-07 Ajv refuse an ordinary schema.
      const { $schema: _ignored, ...rest } = schema;
      validator = ajv.compile(rest);
    } catch {
      validator = null;
    }
    compiled.set(key, validator);
    if (compiled.size > MAX_COMPILED) {
      const oldest = compiled.keys().next().value;
      if (oldest !== undefined) compiled.delete(oldest);
    }
  }
  return validator;
}

/** `/items/0/a~1b` -> `.items.0.a/b` */
function dotted(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => `.${part.replaceAll('~1', '/').replaceAll('~0', '~')}`)
    .join('');
}

function issueOf(prefix: string, error: ErrorObject): IssueDetail {
  const at = `${prefix}${dotted(error.instancePath)}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { path: `${at}.${params.missingProperty}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      path: `${at}.${params.additionalProperty}`,
      message: 'is not an argument of this tool',
    };
  }
  return { path: at, message: error.message ?? `fails ${error.keyword}` };
}

/**
 * What is wrong with exact calls, judged by their tools' input schemas: an unknown tool at
 * `toolCalls.N.tool`, a bad argument at `toolCalls.N.arguments.<field>`. A tool of a server that
 * did not answer cannot be judged here; the workflow waits for it instead.
 */
export function toolArgumentIssues(
  catalog: Awaited<ReturnType<ToolSchemaSource['listTools']>>,
  calls: readonly ToolCall[],
): IssueDetail[] {
  const tools = new Map(catalog.tools.map((tool) => [tool.name, tool]));
  const unreachable = new Set(catalog.unavailable.map((server) => server.alias));
  const issues: IssueDetail[] = [];
  calls.forEach((call, index) => {
    const tool = tools.get(call.tool);
    if (tool === undefined) {
      const separator = call.tool.indexOf('__');
      if (separator > 0 && unreachable.has(call.tool.slice(0, separator))) return;
      issues.push({
        path: `toolCalls.${index}.tool`,
        message: `no tool ${call.tool} is available`,
      });
      return;
    }
    const validate = validatorOf(tool.inputSchema);
    if (validate === null || validate(call.arguments)) return;
    const errors = validate.errors ?? [];
    // zod states a format twice (format and its regex): the format alone reads well.
    const formatted = new Set(
      errors.filter((error) => error.keyword === 'format').map((error) => error.instancePath),
    );
    const found = errors
      .filter((error) => !(error.keyword === 'pattern' && formatted.has(error.instancePath)))
      .map((error) => issueOf(`toolCalls.${index}.arguments`, error));
    const unique = [...new Map(found.map((issue) => [`${issue.path} ${issue.message}`, issue]))];
    issues.push(...unique.slice(0, MAX_ISSUES_PER_CALL).map(([, issue]) => issue));
  });
  return issues;
}

/** Refuses (ValidationError, a 400 with field paths) exact calls their tools would refuse. */
export async function checkToolArguments(
  source: ToolSchemaSource,
  calls: readonly ToolCall[] | undefined,
): Promise<void> {
  if (calls === undefined || calls.length === 0) return;
  const issues = toolArgumentIssues(await source.listTools(), calls);
  if (issues.length > 0) throw new ValidationError('tool calls', issues);
}
