import { z } from 'zod';
import { validateModelOutput } from '../../../shared/guardrails/output';
import { ModelOutputInvalid } from '../../../shared/models/errors';

function invalid(run: () => unknown): ModelOutputInvalid {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelOutputInvalid) return error;
    throw error;
  }
  throw new Error('expected ModelOutputInvalid');
}

describe('validateModelOutput', () => {
  it('accepts a JSON object, given as an object or as JSON text', () => {
    expect(validateModelOutput({ decision: 'ok' })).toEqual({ value: { decision: 'ok' }, findings: [] });
    expect(validateModelOutput('{"decision":"ok","n":2}').value).toEqual({ decision: 'ok', n: 2 });
  });

  it.each([
    ['not JSON', 'Sure, here you go: ok', /not valid JSON/],
    ['an array', '[1,2]', /JSON object, got an array/],
    ['null', 'null', /JSON object, got null/],
    ['a string', '"ok"', /JSON object, got string/],
    ['a number', 42, /JSON object, got number/],
  ])('rejects %s', (_what, content, message) => {
    const error = invalid(() => validateModelOutput(content, undefined, { model: 'gpt-4o' }));
    expect(error.message).toMatch(message);
    expect(error.model).toBe('gpt-4o');
  });

  it('bounds the size, as text and as an object', () => {
    const big = { text: 'x'.repeat(200) };
    expect(invalid(() => validateModelOutput(big, undefined, { maxChars: 100 })).message).toMatch(
      /over the 100/,
    );
    expect(
      invalid(() => validateModelOutput(JSON.stringify(big), undefined, { maxChars: 100 })).message,
    ).toMatch(/over the 100/);
    expect(validateModelOutput(big, undefined, { maxChars: 1_000 }).value).toEqual(big);
  });

  it('checks a schema and names the failing fields', () => {
    const schema = z.object({
      decision: z.enum(['approve', 'reject']),
      confidence: z.number().min(0).max(1),
    });
    expect(validateModelOutput({ decision: 'approve', confidence: 0.9 }, schema).value.decision).toBe(
      'approve',
    );

    const error = invalid(() => validateModelOutput({ decision: 'maybe', confidence: 3 }, schema));
    expect(error.issues).toHaveLength(2);
    expect(error.issues[0]).toMatch(/^decision: /);
    expect(error.issues[1]).toMatch(/^confidence: /);
  });

  it('redacts PII the model leaked and reports where', () => {
    const { value, findings } = validateModelOutput({
      summary: 'Contacted jane@contoso.com about card 4111 1111 1111 1111',
      details: { ip: '10.1.2.3' },
    });
    expect(value).toEqual({
      summary: 'Contacted [REDACTED:EMAIL] about card [REDACTED:CREDIT_CARD]',
      details: { ip: '[REDACTED:IP_ADDRESS]' },
    });
    expect(findings).toEqual([
      { kind: 'EMAIL', path: '$.summary' },
      { kind: 'CREDIT_CARD', path: '$.summary' },
      { kind: 'IP_ADDRESS', path: '$.details.ip' },
    ]);
  });
});
