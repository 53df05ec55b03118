import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodError } from './zod-messages.ts';

function messageFor(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a failure');
  return formatZodError(result.error);
}

describe('formatZodError', () => {
  it.each([
    ['a missing field', z.object({ name: z.string() }), {}, 'name is required'],
    [
      'a message that names its field',
      z.object({ limit: z.number({ error: 'limit must be a number' }) }),
      { limit: 'x' },
      'limit must be a number',
    ],
    [
      'a predicate message',
      z.object({ start: z.string({ error: 'must be a date' }) }),
      { start: 1 },
      'start must be a date',
    ],
    [
      'zod’s own message',
      z.object({ n: z.number().max(3) }),
      { n: 5 },
      'n: Too big: expected number to be <=3',
    ],
    ['unknown fields of a strict object', z.strictObject({}), { a: 1, b: 2 }, 'Unknown field(s): a, b'],
    [
      'a nested path',
      z.object({ a: z.object({ b: z.number() }) }),
      { a: { b: 'x' } },
      'a.b: Invalid input: expected number, received string',
    ],
  ])('%s', (_name, schema, input, expected) => {
    expect(messageFor(schema, input)).toBe(expected);
  });

  it('joins several problems into one sentence list', () => {
    expect(messageFor(z.object({ a: z.string(), b: z.string() }), {})).toBe('a is required; b is required');
  });
});
