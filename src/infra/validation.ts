import type { z } from 'zod';
import { type FieldPath, ValidationError, type ValidationIssue } from './errors.ts';

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
 * Characters no text input may hold: control characters other than tab and line breaks (PostgreSQL
 * refuses U+0000 outright, and the others have no business in names, titles or reasons), and unpaired
 * UTF-16 surrogates, which are not characters at all and cannot be stored as UTF-8.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const DISALLOWED_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` may not be stored, or null when it may. */
export function textProblem(text: string): string | null {
  if (DISALLOWED_CONTROL.test(text)) return 'Must not contain control characters (such as U+0000) other than tab and line breaks';
  if (UNPAIRED_SURROGATE.test(text)) return 'Must be well-formed Unicode (no unpaired surrogate characters)';
  return null;
}

/**
 * Every string in an argument value (nested input objects and lists, and the names of uploaded files)
 * that may not be stored, as validation issues with the path of each.
 */
export function textIssues(value: unknown, field: FieldPath): ValidationIssue[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [{ field, message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => textIssues(item, [...field, String(index)]));
  if (value instanceof Date || value === null || typeof value !== 'object') return [];
  // An uploaded file: its name is text the service stores.
  if (typeof (value as Partial<File>).arrayBuffer === 'function') {
    const name = (value as Partial<File>).name;
    return typeof name === 'string' ? textIssues(name, field) : [];
  }
  return Object.entries(value).flatMap(([key, item]) => textIssues(item, [...field, key]));
}
