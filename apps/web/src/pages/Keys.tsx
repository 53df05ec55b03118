import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useAccount, useTimeZone, useTitle } from '../account.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { Facts } from '../components/Facts.tsx';
import { KeyForm } from '../components/KeyForm.tsx';
import { PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ConfirmAction, CopyField, Empty, PlanBadge } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type KeyList = RouterOutputs['keys']['list'];
type KeyItem = KeyList['data'][number];
type CreatedKey = RouterOutputs['keys']['create'];

/** The new key, shown once. */
function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="card new-key" data-testid="new-key">
      <h2 ref={headingRef} tabIndex={-1}>
        Your new key{created.name ? `: ${created.name}` : ''}
      </h2>
      <p className="notice notice-warning">
        Copy it now: this is the only time Drift shows it. Only a hash is stored, so it cannot be shown again.
      </p>
      <CopyField label="API key" value={created.key} id="new-key-value" />
      <p className="hint">
        Use it as <code>Authorization: Bearer {created.key.slice(0, 10)}…</code> with the REST API at{' '}
        <code>{window.location.origin}/api/v1</code>. Scopes: {created.scopes.join(', ')}.
      </p>
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

/** A key as people tell keys apart: by its name, else by the start of the key itself. */
function keyTitle(apiKey: Pick<KeyItem, 'name' | 'display_prefix'>): string {
  return apiKey.name || `Unnamed key ${apiKey.display_prefix}…`;
}

function KeyRow({ apiKey, onRevoke, pending }: { apiKey: KeyItem; onRevoke: () => void; pending: boolean }) {
  const timeZone = useTimeZone();
  const revoked = Boolean(apiKey.revoked_at);
  return (
    <li className={`card key-card${revoked ? ' key-revoked' : ''}`} data-key-id={apiKey.id}>
      <div className="card-head">
        <h3 className="card-title">{keyTitle(apiKey)}</h3>
        {revoked ? (
          <span className="badge badge-cancelled">Revoked {formatDateTime(apiKey.revoked_at, timeZone)}</span>
        ) : (
          <span className="badge badge-active">Active</span>
        )}
      </div>
      <Facts
        className="key-facts"
        facts={[
          { term: 'Key', value: <code>{apiKey.display_prefix}…</code> },
          {
            term: 'Scopes',
            value: apiKey.scopes.length ? apiKey.scopes.map((s) => <code key={s}>{s}</code>) : 'none',
          },
          { term: 'Created', value: formatDateTime(apiKey.created_at, timeZone) },
          {
            term: 'Last used',
            value: apiKey.last_used_at ? formatDateTime(apiKey.last_used_at, timeZone) : 'never',
          },
        ]}
      />
      {!revoked && (
        <div className="actions">
          <ConfirmAction
            label="Revoke"
            question={`Revoke the key “${keyTitle(apiKey)}”? Anything using it stops working at once.`}
            confirmLabel="Yes, revoke it"
            pending={pending}
            onConfirm={onRevoke}
          />
        </div>
      )}
    </li>
  );
}

export function KeysPage() {
  useTitle('API keys');
  const trpc = useTRPC();
  const me = useAccount();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const keysHeadingRef = useRef<HTMLHeadingElement>(null);
  const list = useQuery(trpc.keys.list.queryOptions());
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() }),
    }),
  );
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      onMutate: async ({ id }) => {
        const key = trpc.keys.list.queryKey();
        await queryClient.cancelQueries({ queryKey: key });
        const before = queryClient.getQueryData(key);
        const now = new Date().toISOString();
        queryClient.setQueryData(key, (old) =>
          old ? { ...old, data: old.data.map((k) => (k.id === id ? { ...k, revoked_at: now } : k)) } : old,
        );
        // The revoke button goes away with the confirmation: the focus goes to the list's heading.
        keysHeadingRef.current?.focus();
        return { before };
      },
      onError: (error, _input, saved) => {
        if (saved) queryClient.setQueryData(trpc.keys.list.queryKey(), saved.before);
        announce(`The key was not revoked: ${errorMessage(error)}`, 'error');
      },
      onSuccess: () => announce('Key revoked. Requests with it are refused from now on.'),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() }),
    }),
  );
  const isFree = me.account.plan !== 'team_growth';

  return (
    <section aria-labelledby="keys-title">
      <PageHead id="keys-title" title="API keys">
        <PlanBadge plan={me.account.plan} />
      </PageHead>
      <p className="hint">
        Keys let other tools (HR and PTO systems, calendars, chat bots) use Drift's REST API on your behalf,
        limited to the scopes you choose.
      </p>
      {created ? (
        <NewKey created={created} onDone={() => setCreated(null)} />
      ) : isFree ? (
        <div className="card plan-gate" data-testid="plan-gate">
          <h2>API access needs the Team Growth plan</h2>
          <p>
            This account is on the <strong>Free</strong> plan, which does not include the REST API, so keys
            cannot be created here. Upgrade the account to Team Growth to create keys; keys made before stay
            listed below, and the API refuses them while the account is on Free.
          </p>
        </div>
      ) : (
        <div className="card">
          <h2>Create a key</h2>
          <KeyForm
            submit={(input) => create.mutateAsync(input)}
            onCreated={(result) => {
              setCreated(result as CreatedKey);
              announce('Key created. Copy it now: it is shown only once.');
            }}
          />
        </div>
      )}
      <h2 ref={keysHeadingRef} tabIndex={-1}>
        Your keys
      </h2>
      <QueryView query={list} loading="Loading keys…" empty={<Empty title="No keys yet." />}>
        {({ data }) => (
          <ul className="cards" aria-label="Keys">
            {data.map((k) => (
              <KeyRow
                key={k.id}
                apiKey={k}
                pending={revoke.isPending && revoke.variables?.id === k.id}
                onRevoke={() => revoke.mutate({ id: k.id })}
              />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
