import { isPrivateAddress } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { postWebhook } from './send.ts';
import { checkWebhookUrl, resolveWebhookTarget, WebhookUrlError } from './url-safety.ts';

describe('checkWebhookUrl', () => {
  const refused = (url: string, allowPrivate = false) => {
    try {
      checkWebhookUrl(url, { allowPrivate });
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookUrlError);
      return (error as Error).message;
    }
    return null;
  };

  it.each([
    ['not a url', /absolute URL/],
    ['ftp://example.com/x', /https/],
    ['http://example.com/hooks', /https/],
    ['https://user:pw@example.com/hooks', /user name or password/],
    ['https://127.0.0.1/hooks', /own network \(127\.0\.0\.1\)/],
    ['https://10.0.0.1/hooks', /own network/],
    ['https://[::1]/hooks', /own network \(::1\)/],
    ['https://[::ffff:127.0.0.1]/hooks', /own network/],
    ['https://169.254.169.254/latest', /own network/],
    ['https://localhost/hooks', /own network/],
    ['https://LOCALHOST./hooks', /own network/],
    ['https://api.localhost/hooks', /own network/],
  ])('refuses %s', (url, reason) => {
    expect(refused(url)).toMatch(reason);
  });

  it.each(['https://example.com/hooks', 'https://hooks.slack.com/services/T0/B0/xyz', 'https://8.8.8.8/x'])(
    'accepts %s',
    (url) => {
      expect(refused(url)).toBeNull();
    },
  );

  it('accepts http and the own network when private hosts are allowed', () => {
    expect(refused('http://127.0.0.1:8080/hooks', true)).toBeNull();
    expect(refused('https://[::1]/hooks', true)).toBeNull();
    expect(refused('ftp://127.0.0.1/hooks', true)).toMatch(/https/);
  });
});

describe('resolveWebhookTarget', () => {
  it('refuses a name whose DNS answer is on the own network', async () => {
    await expect(resolveWebhookTarget('https://localhost.:8443/x', { allowPrivate: false })).rejects.toThrow(
      /own network/,
    );
  });

  it('pins the vetted address when private hosts are allowed', async () => {
    const target = await resolveWebhookTarget('http://localhost:8080/x', { allowPrivate: true });
    expect(isPrivateAddress(target.address)).toBe(true);
    expect(target.url.hostname).toBe('localhost');
  });

  it('reports a name that does not resolve as unreachable for now, not as refused', async () => {
    const unresolved = resolveWebhookTarget('https://no-such-host.invalid/x', { allowPrivate: false });
    await expect(unresolved).rejects.toThrow(/could not be resolved/);
    await expect(unresolved).rejects.toMatchObject({ refused: false });
    const attempt = await postWebhook({
      url: 'https://no-such-host.invalid/x',
      headers: {},
      body: '{}',
      allowPrivate: false,
    });
    expect([attempt.ok, attempt.error]).toEqual([false, 'host no-such-host.invalid could not be resolved']);
  });
});
