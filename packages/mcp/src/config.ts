import * as z from 'zod';
import { McpConfigError } from './errors.js';
import { ServerAliasSchema } from './naming.js';

const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid variable name');
const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.py'] as const;

/** How a server is reached once its configuration is resolved. */
export const McpServerTransportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stdio'),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(EnvNameSchema, z.string()).default({}),
    cwd: z.string().min(1).optional(),
  }),
  z.object({
    /** A script run with node (`.js`, `.mjs`, `.cjs`, `.ts`, `.mts`) or python (`.py`). */
    type: z.literal('script'),
    path: z
      .string()
      .min(1)
      .refine((path) => SCRIPT_EXTENSIONS.some((ext) => path.endsWith(ext)), {
        message: 'server script must be a .py, .js or .ts file',
      }),
    args: z.array(z.string()).default([]),
    env: z.record(EnvNameSchema, z.string()).default({}),
  }),
  z.object({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
  }),
  z.object({
    /** A server built in-process by the factory registered under this name. */
    type: z.literal('in-memory'),
    builtin: z.string().min(1),
  }),
]);
export type McpServerTransport = z.infer<typeof McpServerTransportSchema>;

/** One server as the client uses it. */
export const McpServerDefinitionSchema = z.object({
  alias: ServerAliasSchema,
  enabled: z.boolean().default(true),
  /** Tool names (the server's own, or `alias__tool` / `alias/tool`) that are never listed nor run. */
  disabledTools: z.array(z.string().min(1)).default([]),
  transport: McpServerTransportSchema,
});
export type McpServerDefinition = z.infer<typeof McpServerDefinitionSchema>;
export type McpServerDefinitionInput = z.input<typeof McpServerDefinitionSchema>;

/**
 * The flat JSON form (the seed's config-store item, plus `url`, `builtin` and `headers`): exactly
 * one of `command`, `path`, `url` or `builtin`. Unknown keys are rejected so that a misspelt
 * `disabledTools` cannot silently re-enable a tool.
 */
export const McpServerEntrySchema = z
  .strictObject({
    alias: ServerAliasSchema,
    command: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
    builtin: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
    cwd: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    enabled: z.boolean().default(true),
    disabledTools: z.array(z.string().min(1)).optional(),
    /** The seed's spelling of `disabledTools`. */
    disabled_tools: z.array(z.string().min(1)).optional(),
  })
  .transform((entry, ctx): McpServerDefinitionInput => {
    const kinds = (['command', 'path', 'url', 'builtin'] as const).filter((key) => entry[key]);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `MCP server '${entry.alias}' must specify exactly one of command, path, url or builtin`,
      });
      return z.NEVER;
    }
    const base = {
      alias: entry.alias,
      enabled: entry.enabled,
      disabledTools: [...(entry.disabledTools ?? []), ...(entry.disabled_tools ?? [])],
    };
    if (entry.command) {
      const { command, args, env, cwd } = entry;
      return { ...base, transport: { type: 'stdio', command, args, env, cwd } };
    }
    if (entry.path) {
      return {
        ...base,
        transport: { type: 'script', path: entry.path, args: entry.args, env: entry.env },
      };
    }
    if (entry.url)
      return { ...base, transport: { type: 'http', url: entry.url, headers: entry.headers } };
    return { ...base, transport: { type: 'in-memory', builtin: entry.builtin ?? '' } };
  })
  .pipe(McpServerDefinitionSchema);
export type McpServerEntry = z.input<typeof McpServerEntrySchema>;

const SeedConfigItemSchema = z.object({ servers: z.array(McpServerEntrySchema) });

/**
 * Validates the JSON form (already parsed): an array of entries, or the seed's config item
 * `{ servers: [...] }`. Aliases must be unique.
 */
export function parseServerEntries(input: unknown): McpServerDefinition[] {
  const parsed = Array.isArray(input)
    ? z.array(McpServerEntrySchema).safeParse(input)
    : SeedConfigItemSchema.transform((item) => item.servers).safeParse(input);
  if (!parsed.success) throw configError('MCP server configuration', parsed.error);
  return assertUniqueAliases(parsed.data);
}

/** Validates already-resolved definitions (e.g. from a config store) and checks aliases are unique. */
export function parseServerDefinitions(input: unknown): McpServerDefinition[] {
  const parsed = z.array(McpServerDefinitionSchema).safeParse(input);
  if (!parsed.success) throw configError('MCP server definitions', parsed.error);
  return assertUniqueAliases(parsed.data);
}

function assertUniqueAliases(definitions: McpServerDefinition[]): McpServerDefinition[] {
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.alias)) {
      throw new McpConfigError(`MCP server alias '${definition.alias}' is configured twice`);
    }
    seen.add(definition.alias);
  }
  return definitions;
}

function configError(subject: string, error: z.ZodError): McpConfigError {
  const summary = error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new McpConfigError(`invalid ${subject}: ${summary}`, { cause: error });
}
