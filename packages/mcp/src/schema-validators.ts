import { canonicalJson } from '@agentcore/core';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

const MAX_CACHED = 1_000;

/**
 * The SDK compiles every tool's output schema each time a server's tools are listed, and each
 * session lists afresh to check its pins: compiling takes milliseconds, so a schema seen before
 * reuses its compiled validator.
 */
export class CachingSchemaValidator implements jsonSchemaValidator {
  private readonly compiler = new AjvJsonSchemaValidator();
  private readonly compiled = new Map<string, JsonSchemaValidator<unknown>>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = canonicalJson(schema);
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.compiler.getValidator<unknown>(schema);
      this.compiled.set(key, validator);
      if (this.compiled.size > MAX_CACHED) {
        const oldest = this.compiled.keys().next().value;
        if (oldest !== undefined) this.compiled.delete(oldest);
      }
    }
    return validator as JsonSchemaValidator<T>;
  }
}

/** One cache for every MCP client connection in the process. */
export const sharedSchemaValidator = new CachingSchemaValidator();
