import type { ApprovalCategory } from '@agentcore/core';
import type { CedarValueJson, Type, TypeOfAttribute } from '@cedar-policy/cedar-wasm/nodejs';
import { toCedarDecimal } from './decimal.js';
import type { ToolClass } from './tool-class.js';

/**
 * The arguments that name what a call acts on, most specific first: an IAM role ARN (it carries
 * the account), an account, then a person or a secret. The first string among them is the call's
 * `context.resource`, so the seed's `resource_prefixes` rules keep working on real arguments.
 */
export const RESOURCE_ARGUMENTS = [
  'admin_role',
  'role_arn',
  'account_id',
  'email',
  'primary_email',
  'user_key',
  'user_email',
  'secret_name',
  'issue_key',
  'resource',
] as const;

/** The argument whose number is the call's `context.amount`. */
export const AMOUNT_ARGUMENT = 'amount';

/**
 * What the server knows about one call without asking the requester: the category from the
 * tool's classification, the resource and amount from the call's own arguments.
 */
export interface CallFacts {
  category: ApprovalCategory;
  resource?: string;
  amount?: number;
}

export function callFacts(
  toolClass: ToolClass | undefined,
  args: Readonly<Record<string, unknown>> | undefined,
): CallFacts {
  const facts: CallFacts = { category: toolClass?.category ?? 'other' };
  if (args === undefined) return facts;
  for (const name of RESOURCE_ARGUMENTS) {
    const value = args[name];
    if (typeof value === 'string' && value.trim() !== '') {
      facts.resource = value.trim();
      break;
    }
  }
  const amount = args[AMOUNT_ARGUMENT];
  if (typeof amount === 'number' && Number.isFinite(amount)) facts.amount = amount;
  return facts;
}

type JsonSchema = { type?: unknown; items?: unknown; properties?: unknown; required?: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// `["string", "null"]` is a string that may be left out; anything with two real types is untyped.
function singleType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (!Array.isArray(schema.type)) return undefined;
  const real = schema.type.filter((type) => type !== 'null');
  return real.length === 1 && typeof real[0] === 'string' ? real[0] : undefined;
}

function scalarType(schema: JsonSchema): TypeOfAttribute<string> | undefined {
  switch (singleType(schema)) {
    case 'string':
      return { type: 'String' };
    case 'integer':
      return { type: 'Long' };
    case 'number':
      return { type: 'Extension', name: 'decimal' };
    case 'boolean':
      return { type: 'Boolean' };
    default:
      return undefined;
  }
}

function attributeType(schema: unknown): TypeOfAttribute<string> | undefined {
  if (!isObject(schema)) return undefined;
  const scalar = scalarType(schema);
  if (scalar !== undefined) return scalar;
  if (singleType(schema) !== 'array' || !isObject(schema.items)) return undefined;
  const element = scalarType(schema.items);
  return element === undefined ? undefined : { type: 'Set', element };
}

/**
 * The Cedar type of a tool's `context.arguments`, from its MCP input schema: strings, integers
 * (Long), numbers (decimal), booleans and sets of these. Arguments of other shapes, and every
 * argument of a tool whose schema is unknown, are not declared, so no policy can read them.
 * Only arguments the schema requires are required; the others need `context.arguments has …`.
 */
export function argumentsType(inputSchema: unknown): TypeOfAttribute<string> {
  const attributes: Record<string, TypeOfAttribute<string>> = {};
  if (isObject(inputSchema) && isObject(inputSchema.properties)) {
    const required = Array.isArray(inputSchema.required) ? inputSchema.required : [];
    for (const [name, property] of Object.entries(inputSchema.properties)) {
      const type = attributeType(property);
      if (type !== undefined) attributes[name] = { ...type, required: required.includes(name) };
    }
  }
  return { type: 'Record', attributes };
}

function cedarValue(value: unknown, type: Type<string> | undefined): CedarValueJson {
  if (type?.type === 'Extension' && typeof value === 'number') {
    return { __extn: { fn: 'decimal', arg: toCedarDecimal(value) } };
  }
  if (Array.isArray(value)) {
    const element = type !== undefined && 'element' in type ? type.element : undefined;
    return value.flatMap((item) => (item === null ? [] : [cedarValue(item, element)]));
  }
  if (isObject(value)) {
    const record: Record<string, CedarValueJson> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) record[key] = cedarValue(item, undefined);
    }
    return record;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    // A fraction where no decimal was declared: kept readable, never silently rounded.
    return String(value);
  }
  return value as CedarValueJson;
}

/**
 * A call's arguments as the Cedar record `context.arguments`, each value in the form its declared
 * type needs. A value of another type than declared makes the policies reading it fail to
 * evaluate, and a failing forbid counts as holding, so a mistyped argument never loosens a
 * decision.
 */
export function cedarArguments(
  args: Readonly<Record<string, unknown>> | undefined,
  type: TypeOfAttribute<string>,
): Record<string, CedarValueJson> {
  const declared = 'attributes' in type ? type.attributes : {};
  const record: Record<string, CedarValueJson> = {};
  for (const [name, value] of Object.entries(args ?? {})) {
    if (value !== null && value !== undefined) record[name] = cedarValue(value, declared[name]);
  }
  return record;
}
