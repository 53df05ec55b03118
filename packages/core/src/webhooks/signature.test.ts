import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './backoff.ts';
import { signedHeaders } from './signature.ts';
import { isSlackWebhook, slackMessage } from './slack.ts';

describe('signedHeaders', () => {
  it('matches the Standard Webhooks reference vector', () => {
    // From the standard-webhooks specification's examples.
    const headers = signedHeaders(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });
});

describe('nextAttemptAt', () => {
  const created = new Date('2026-03-10T12:00:00.000Z');
  const middle = () => 0.5;

  it('backs off 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(
      (attempts) => (nextAttemptAt(attempts, created, created, middle)?.getTime() ?? 0) - created.getTime(),
    );
    expect(waits.slice(0, 5)).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000]);
    expect(waits.slice(5)).toEqual([3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000]);
  });

  it('adds at most 10 % jitter either way', () => {
    expect(nextAttemptAt(1, created, created, () => 0)?.getTime()).toBe(created.getTime() + 4_500);
    expect(nextAttemptAt(1, created, created, () => 1)?.getTime()).toBe(created.getTime() + 5_500);
  });

  it('lands the last retry at the end of the day, then gives up', () => {
    const late = new Date(created.getTime() + 20 * 3_600_000);
    expect(nextAttemptAt(9, created, late, middle)).toEqual(new Date(created.getTime() + 24 * 3_600_000));
    expect(nextAttemptAt(10, created, new Date(created.getTime() + 24 * 3_600_000), middle)).toBeNull();
  });
});

describe('Slack', () => {
  it.each([
    [{ url: 'https://hooks.slack.com/services/T0/B0/x', format: 'standard' }, true],
    [{ url: 'https://example.com/x', format: 'slack' }, true],
    [{ url: 'https://hooks.slack.com/workflows/x', format: 'standard' }, false],
    [{ url: 'https://example.com/x', format: 'standard' }, false],
  ])('%o is a Slack webhook: %s', (webhook, expected) => {
    expect(isSlackWebhook(webhook)).toBe(expected);
  });

  it('gets no message for events it does not take', () => {
    expect(slackMessage('email.captured', {})).toBeNull();
    expect(slackMessage('session.started', {})).toBeNull();
  });

  it('escapes markup in what senders wrote', () => {
    const message = slackMessage('email.urgent', {
      subject: 'Deploy <now> & then',
      from_email: 'a@b.test',
      from_name: null,
      ai_summary: '<!channel> help',
      urgency_score: 9,
    });
    const text = JSON.stringify(message?.blocks);
    expect(text).toContain('Deploy &lt;now&gt; &amp; then');
    expect(text).toContain('&lt;!channel&gt; help');
    expect(text).not.toContain('<!channel>');
  });

  it('lists the first action items of a playbook', () => {
    const message = slackMessage('playbook.ready', {
      summary: '2 need you',
      action_items: [
        { subject: 'Budget', from_email: 'ben@acme.test', from_name: 'Ben' },
        { subject: 'Offsite', from_email: 'pri@acme.test', from_name: null },
      ],
    });
    expect(message?.text).toBe('Your return playbook is ready: 2 items need you');
    expect(JSON.stringify(message?.blocks)).toContain('• Budget — Ben\\n• Offsite — pri@acme.test');
  });
});
