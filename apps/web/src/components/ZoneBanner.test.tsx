import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
import { type Handlers, ME, renderWithApi } from '../test-utils.tsx';
import { ZONE_BANNER_DISMISSED_KEY, ZoneBanner } from './ZoneBanner.tsx';

afterEach(() => {
  window.localStorage.clear();
  window.location.hash = '';
});

const NO_SESSIONS = () => ({ data: [], pagination: { total: 0, limit: 10, offset: 0, has_more: false } });

/** The app for an account on `zone`; settings.update changes it. Tests run in Pacific/Chatham. */
function renderApp(zone: string, more: Handlers = {}) {
  const account = { ...ME.account, timezone: zone };
  return renderWithApi(
    <App />,
    {
      'auth.me': () => ({ ...ME, account: { ...account } }),
      'sessions.list': NO_SESSIONS,
      'settings.update': (input) => {
        account.timezone = (input as { timezone: string }).timezone;
        return {
          email: ME.user.email,
          timezone: account.timezone,
          vip_senders: [],
          urgent_keywords: [],
          aliases: [],
          inbound_address: '/inbound/x',
        };
      },
      ...more,
    },
    { me: null },
  );
}

describe('ZoneBanner', () => {
  it.each([
    { accountZone: 'UTC', browserZone: 'Europe/Berlin', shown: true },
    { accountZone: 'Etc/UTC', browserZone: 'Europe/Berlin', shown: true },
    { accountZone: 'UTC', browserZone: 'UTC', shown: false },
    { accountZone: 'America/New_York', browserZone: 'Europe/Berlin', shown: false },
  ])(
    'account on $accountZone, browser in $browserZone: shown $shown',
    ({ accountZone, browserZone, shown }) => {
      renderWithApi(<ZoneBanner accountZone={accountZone} browserZone={browserZone} />, {});
      expect(Boolean(screen.queryByTestId('zone-banner'))).toBe(shown);
    },
  );

  it("offers the browser's zone in the shell and saves it through settings.update", async () => {
    const { calls } = renderApp('UTC');
    const banner = await screen.findByTestId('zone-banner');
    expect(banner.textContent).toBe(
      "Times are shown in UTC. Use Pacific/Chatham, this browser's zone?Use Pacific/ChathamKeep UTC",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Use Pacific/Chatham' }));
    await waitFor(() => expect(screen.queryByTestId('zone-banner')).toBeNull());
    expect(calls.find((c) => c.path === 'settings.update')?.input).toEqual({ timezone: 'Pacific/Chatham' });
    // auth.me asked again, so every page now shows the new zone.
    expect(calls.filter((c) => c.path === 'auth.me').length).toBeGreaterThanOrEqual(2);
    expect(await screen.findByText(/Times in Pacific\/Chatham/)).toBeTruthy();
  });

  it('remembers “Keep UTC” in this browser', async () => {
    const first = renderApp('UTC');
    await screen.findByTestId('zone-banner');
    fireEvent.click(screen.getByRole('button', { name: 'Keep UTC' }));
    expect(screen.queryByTestId('zone-banner')).toBeNull();
    expect(window.localStorage.getItem(ZONE_BANNER_DISMISSED_KEY)).toBe('1');
    expect(first.calls.some((c) => c.path === 'settings.update')).toBe(false);
    first.unmount();
    renderApp('UTC');
    await screen.findByRole('heading', { name: 'OOO sessions' });
    expect(screen.queryByTestId('zone-banner')).toBeNull();
  });
});
