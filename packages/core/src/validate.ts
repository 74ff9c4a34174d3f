import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Parses `input` with `schema`, turning zod's issues into a ValidationError naming `subject`. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    subject,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
