import type { ZodType } from 'zod';
import { ModelOutputInvalid } from '../models/errors';
import { redactPii, type Finding } from './redact';

export interface OutputLimits {
  /** Longest accepted output, as serialized JSON characters. */
  maxChars?: number;
  /** Named in the error, so the caller can tell which model misbehaved. */
  model?: string;
}

export const DEFAULT_MAX_OUTPUT_CHARS = 64_000;

export interface ValidatedOutput<T> {
  /** The output with any PII or secret the model produced replaced by redaction markers. */
  value: T;
  /** PII the model leaked into its answer (kind and path only); redacted in `value`. */
  findings: Finding[];
}

/**
 * Accepts a model's answer only as a JSON object (a JSON string is parsed first) within the size bound
 * and, when a schema is given, of that shape. Throws ModelOutputInvalid otherwise. PII in the answer is
 * not an error: it is redacted and reported, so the result that gets stored and logged is clean.
 */
export function validateModelOutput<T extends Record<string, unknown> = Record<string, unknown>>(
  content: unknown,
  schema?: ZodType<T>,
  limits: OutputLimits = {},
): ValidatedOutput<T> {
  const maxChars = limits.maxChars ?? DEFAULT_MAX_OUTPUT_CHARS;
  const model = limits.model;
  let parsed = content;
  if (typeof content === 'string') {
    if (content.length > maxChars) {
      throw new ModelOutputInvalid(
        `model output is ${content.length} characters, over the ${maxChars} limit`,
        {
          model,
        },
      );
    }
    try {
      parsed = JSON.parse(content);
    } catch (cause) {
      throw new ModelOutputInvalid('model output is not valid JSON', { model, cause });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    throw new ModelOutputInvalid(`model output must be a JSON object, got ${kind}`, { model });
  }
  const size = JSON.stringify(parsed).length;
  if (size > maxChars) {
    throw new ModelOutputInvalid(`model output is ${size} characters, over the ${maxChars} limit`, { model });
  }
  let shaped = parsed as Record<string, unknown>;
  if (schema) {
    const result = schema.safeParse(parsed);
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new ModelOutputInvalid(`model output does not match the expected shape: ${issues.join('; ')}`, {
        model,
        issues,
      });
    }
    shaped = result.data;
  }
  const { value, findings } = redactPii(shaped);
  return { value: value as T, findings };
}
