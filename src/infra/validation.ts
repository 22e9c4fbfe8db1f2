import { z } from 'zod';
import { ValidationError } from './errors.ts';

/**
 * Validates a mutation's input with its zod schema. Every issue is reported with its path below `input`,
 * matching the GraphQL argument, so a client can put each message next to the field that caused it.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: ['input', ...issue.path.map(String)],
      message: issue.message,
    })),
  );
}

/**
 * A trimmed, non-empty string of at most `max` characters without NUL (which PostgreSQL cannot store
 * in text), for names, reasons and address lines.
 */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'Must not be empty')
    .max(max, `Must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'Must not contain NUL characters');
}
