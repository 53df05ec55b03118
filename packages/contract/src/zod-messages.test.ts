import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodError, zodFieldErrors } from './zod-messages.ts';

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

describe('zodFieldErrors', () => {
  const schema = z.strictObject({
    name: z.string(),
    vip_senders: z.array(z.email({ error: 'must be an email address' })),
    window: z.object({ start: z.number() }),
  });

  it('names each problem by its path (array indexes included), with the sentence the message has', () => {
    const result = schema.safeParse({
      vip_senders: ['a@b.co', 'x', 'y@z.co', 'nope'],
      window: { start: 'x' },
    });
    if (result.success) throw new Error('expected a failure');
    const fields = zodFieldErrors(result.error);
    expect(fields).toEqual([
      { field: 'name', message: 'name is required' },
      { field: 'vip_senders.1', message: 'vip_senders.1 must be an email address' },
      { field: 'vip_senders.3', message: 'vip_senders.3 must be an email address' },
      { field: 'window.start', message: expect.stringMatching(/^window\.start: /) },
    ]);
    expect(formatZodError(result.error)).toBe(fields.map((f) => f.message).join('; '));
  });

  it('gives each unknown key an entry of its own, nested ones by their full path', () => {
    const nested = z.strictObject({ inner: z.strictObject({ a: z.number() }) });
    const result = nested.safeParse({ inner: { a: 1, b: 2, c: 3 }, d: 4 });
    if (result.success) throw new Error('expected a failure');
    expect(zodFieldErrors(result.error)).toEqual([
      { field: 'inner.b', message: 'Unknown field(s): b, c' },
      { field: 'inner.c', message: 'Unknown field(s): b, c' },
      { field: 'd', message: 'Unknown field(s): d' },
    ]);
  });
});
