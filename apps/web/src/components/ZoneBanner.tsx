import { currentZoneName } from '@drift/domain/time-zone';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../lib/errors.ts';
import { useTRPC } from '../trpc.ts';

/** Where the "keep UTC" answer is remembered, per browser. */
export const ZONE_BANNER_DISMISSED_KEY = 'drift.zone-banner.dismissed';

function wasDismissed(): boolean {
  try {
    return window.localStorage.getItem(ZONE_BANNER_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

function rememberDismissed(): void {
  try {
    window.localStorage.setItem(ZONE_BANNER_DISMISSED_KEY, '1');
  } catch {
    // Private mode without storage: the banner comes back on the next visit, which is harmless.
  }
}

/**
 * Accounts are made with UTC as their zone (there is no sign-up page to ask the browser), so while
 * the account is still on UTC and this browser is elsewhere, offer the browser's zone once.
 */
export function ZoneBanner({ accountZone, browserZone }: { accountZone: string; browserZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dismissed, setDismissed] = useState(wasDismissed);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (settings) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), settings);
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const onUtc = currentZoneName(accountZone) === 'UTC';
  if (!onUtc || browserZone === 'UTC' || dismissed) return null;
  const zoneName = browserZone.replaceAll('_', ' ');

  return (
    <section className="zone-banner" aria-label="Time zone" data-testid="zone-banner">
      <p>
        Times are shown in UTC. Use <strong>{zoneName}</strong>, this browser's zone?
      </p>
      <div className="zone-banner-actions">
        <button
          type="button"
          className="button-primary"
          disabled={update.isPending}
          onClick={() => update.mutate({ timezone: browserZone })}
        >
          {update.isPending ? 'Saving…' : `Use ${zoneName}`}
        </button>
        <button
          type="button"
          onClick={() => {
            rememberDismissed();
            setDismissed(true);
          }}
        >
          Keep UTC
        </button>
      </div>
      {update.isError && (
        <p className="notice notice-error" role="alert">
          The time zone was not changed: {errorMessage(update.error)}
        </p>
      )}
    </section>
  );
}
