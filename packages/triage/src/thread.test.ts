import { describe, expect, it } from 'vitest';
import { ThreadIndex, threadRootId } from './thread.ts';

const msg = (messageId: string | null, inReplyTo: string | null = null, references: string[] = []) => ({
  messageId,
  inReplyTo,
  references,
});

describe('threadRootId', () => {
  it.each([
    ['a new message is its own root', msg('a'), 'a'],
    ['a reply with References names the first one', msg('c', 'b', ['a', 'b']), 'a'],
    ['a reply with only In-Reply-To names the parent', msg('b', 'a'), 'a'],
    ['no Message-ID but a parent', msg(null, 'a'), 'a'],
    ['nothing at all', msg(null), null],
  ])('%s', (_case, message, expected) => {
    expect(threadRootId(message)).toBe(expected);
  });
});

describe('ThreadIndex', () => {
  it('groups a conversation in arrival order', () => {
    const index = new ThreadIndex();
    expect(index.add(msg('a'))).toBe('a');
    expect(index.add(msg('b', 'a', ['a']))).toBe('a');
    expect(index.add(msg('c', 'b', ['a', 'b']))).toBe('a');
    expect(index.add(msg('x'))).toBe('x');
    expect(index.threadOf('c')).toBe('a');
    expect(index.threadOf('x')).toBe('x');
    expect(index.threadOf('unknown')).toBeNull();
  });

  it('joins a reply that arrives before its parent, through References', () => {
    const index = new ThreadIndex();
    expect(index.add(msg('c', 'b', ['a', 'b']))).toBe('a');
    expect(index.add(msg('a'))).toBe('a');
    expect(index.add(msg('b', 'a', ['a']))).toBe('a');
  });

  it('merges groups when a later message links them (In-Reply-To only, out of order)', () => {
    const index = new ThreadIndex();
    // c replies to b (no References), b arrives later and replies to a.
    expect(index.add(msg('c', 'b'))).toBe('b');
    expect(index.add(msg('a'))).toBe('a');
    const key = index.add(msg('b', 'a'));
    expect(index.threadOf('a')).toBe(key);
    expect(index.threadOf('b')).toBe(key);
    expect(index.threadOf('c')).toBe(key);
  });

  it('returns null for a message without any id', () => {
    expect(new ThreadIndex().add(msg(null))).toBeNull();
  });
});
