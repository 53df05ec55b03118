import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAccount, useTitle } from '../account.tsx';
import { EscalationForm } from '../components/EscalationForm.tsx';
import { PageTitle } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { SettingsForm } from '../components/SettingsForm.tsx';
import { CopyField } from '../components/ui.tsx';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type Settings = RouterOutputs['settings']['get'];

/** The inbound path (`/inbound/<token>`) as the full URL a mail relay posts to. */
export function inboundUrl(path: string, origin = window.location.origin): string {
  return /^https?:\/\//.test(path) ? path : `${origin}${path.startsWith('/') ? '' : '/'}${path}`;
}

export function SettingsPage() {
  useTitle('Settings');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const update = useMutation(trpc.settings.update.mutationOptions());
  const { plan } = useAccount().account;

  return (
    <section aria-labelledby="settings-title" className="narrow">
      <PageTitle id="settings-title">Settings</PageTitle>
      <QueryView query={settings} loading="Loading settings…">
        {(current) => (
          <>
            <p className="hint">
              Signed in as <strong>{current.email}</strong>.
            </p>
            <div className="card">
              <h2>Inbound address</h2>
              <p className="hint">
                Have your mail server or relay forward each message here (HTTP POST of the raw message,{' '}
                <code>Content-Type: message/rfc822</code>) while you are away. Keep it secret: anyone with it
                can add mail to your sessions.
              </p>
              <CopyField label="Inbound URL" value={inboundUrl(current.inbound_address)} id="inbound-url" />
            </div>
            <div className="card">
              <h2>Triage</h2>
              <SettingsForm
                initial={current}
                submit={(payload) => update.mutateAsync(payload)}
                onSaved={(result) => {
                  queryClient.setQueryData(trpc.settings.get.queryKey(), result as Settings);
                  // The time zone lives on the account too: every page shows dates in it.
                  void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
                }}
              />
            </div>
            <div className="card">
              <h2>While you are away: backup contact</h2>
              {plan === 'team_growth' ? (
                <EscalationForm
                  initial={current}
                  ownAddresses={[current.email, ...current.aliases]}
                  submit={(payload) => update.mutateAsync(payload)}
                  onSaved={(result) =>
                    queryClient.setQueryData(trpc.settings.get.queryKey(), result as Settings)
                  }
                />
              ) : (
                <div className="plan-gate" data-testid="escalation-plan-gate">
                  <p>
                    Passing urgent mail on to a backup contact while you are away needs the{' '}
                    <strong>Team Growth</strong> plan. This account is on the <strong>Free</strong> plan:
                    upgrade it to choose a contact.
                  </p>
                  {current.backup_contact && (
                    <p className="hint">
                      The contact saved earlier, {current.backup_contact.name} &lt;
                      {current.backup_contact.email}
                      &gt;, gets no mail and is not named in auto-replies while the account is on Free.
                    </p>
                  )}
                </div>
              )}
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
