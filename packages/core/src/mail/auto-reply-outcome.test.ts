import { AUTO_REPLY_OUTCOMES } from '@drift/contract';
import { describe, expect, it } from 'vitest';
import { autoReplyView } from './auto-reply-outcome.ts';

describe('autoReplyView', () => {
  it.each(AUTO_REPLY_OUTCOMES)('explains %s in one sentence when no reply was queued', (reason) => {
    const view = autoReplyView(reason, null);
    expect(view).toMatchObject({ status: 'not_sent', reason, sent_at: null });
    expect(view.explanation).toMatch(/^[A-Z].*\.$/);
  });

  it.each([
    [
      'sent',
      new Date('2026-03-10T12:00:00Z'),
      'Your auto-reply was sent to this sender.',
      '2026-03-10T12:00:00.000Z',
    ],
    ['pending', null, 'Your auto-reply to this sender is queued; Drift keeps trying to deliver it.', null],
    ['failed', null, 'Your auto-reply to this sender could not be delivered.', null],
  ] as const)(
    'tells the delivery of a queued reply, then why it went: %s',
    (status, sentAt, delivery, sent_at) => {
      const view = autoReplyView('ok', { status, sentAt }, 'to');
      expect(view).toMatchObject({ status, reason: 'ok', sent_at });
      expect(view.explanation).toMatch(new RegExp(`^${delivery.replace(/[.;]/g, '\\$&')} It went because`));
    },
  );

  it.each([
    ['to', 'you were in To,'],
    ['cc', 'you were in Cc (Drift answers Cc as well as To),'],
  ] as const)(
    'says how the owner was addressed (%s), since Cc alone is enough for a reply',
    (addressed, words) => {
      expect(autoReplyView('ok', { status: 'sent', sentAt: new Date() }, addressed).explanation).toContain(
        words,
      );
    },
  );

  it.each([null, 'something_new'])("reads %s as 'unknown'", (reason) => {
    expect(autoReplyView(reason, null).reason).toBe('unknown');
  });
});
