import type { WebhookEventType } from '@drift/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useAccount, useTimeZone, useTitle } from '../account.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { Facts } from '../components/Facts.tsx';
import { PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ConfirmAction, CopyField, Empty, Pagination, PlanBadge } from '../components/ui.tsx';
import { EVENT_WORDS, WebhookForm } from '../components/WebhookForm.tsx';
import { errorMessage } from '../lib/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type WebhookItem = RouterOutputs['webhooks']['list']['data'][number];
type CreatedWebhook = RouterOutputs['webhooks']['create'];
type Attempt = RouterOutputs['webhooks']['deliveries']['data'][number];

const DELIVERIES_PAGE = 10;

/** A webhook as people tell them apart: by its description, else by its address. */
function webhookTitle(webhook: Pick<WebhookItem, 'description' | 'url'>): string {
  return webhook.description || webhook.url;
}

/** The new webhook and its signing secret, shown once. */
function NewWebhook({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="card new-webhook" data-testid="new-webhook">
      <h2 ref={headingRef} tabIndex={-1}>
        Webhook added: {webhookTitle(created)}
      </h2>
      <p className="notice notice-warning">
        Copy the signing secret now: this is the only time Drift shows it. Your receiver needs it to check
        that each event really comes from Drift.
      </p>
      <CopyField label="Signing secret" value={created.secret} id="new-webhook-secret" />
      <p className="hint">
        Every request carries <code>webhook-id</code>, <code>webhook-timestamp</code> and{' '}
        <code>webhook-signature</code> headers (Standard Webhooks); the <code>standardwebhooks</code> package
        verifies them with this secret.
      </p>
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

function attemptResult(attempt: Attempt): string {
  if (attempt.error === null) return `Delivered (${attempt.status_code ?? 'no status'})`;
  const status = attempt.status_code === null ? 'no answer' : `answered ${attempt.status_code}`;
  return `Failed, ${status}: ${attempt.error}`;
}

/** The attempts of one webhook, newest first, a page at a time. */
function Deliveries({ webhook, id }: { webhook: WebhookItem; id: string }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const [offset, setOffset] = useState(0);
  const attempts = useQuery(
    trpc.webhooks.deliveries.queryOptions({ id: webhook.id, limit: DELIVERIES_PAGE, offset }),
  );
  const label = `Delivery attempts for ${webhookTitle(webhook)}`;
  return (
    <div className="webhook-deliveries" id={id}>
      <QueryView
        query={attempts}
        loading="Loading delivery attempts…"
        empty={<Empty title="Nothing sent yet. Send a test event to try the endpoint." />}
      >
        {({ data, pagination }) => (
          <>
            <table>
              <caption>{label}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Result</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {data.map((attempt) => (
                  <tr key={attempt.id} className={attempt.error === null ? 'attempt-ok' : 'attempt-failed'}>
                    <td>{formatDateTime(attempt.created_at, timeZone)}</td>
                    <td>
                      <code>{attempt.event}</code>
                    </td>
                    <td>{attemptResult(attempt)}</td>
                    <td>{attempt.duration_ms} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination pagination={pagination} onPage={setOffset} label={`${label}, pages`} />
          </>
        )}
      </QueryView>
    </div>
  );
}

function WebhookCard({ webhook, onDeleted }: { webhook: WebhookItem; onDeleted: () => void }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const deliveriesId = useId();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const title = webhookTitle(webhook);
  const refreshDeliveries = () =>
    queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey({ id: webhook.id }) });
  const sendTest = useMutation(
    trpc.webhooks.test.mutationOptions({
      onSuccess: () => {
        announce(`Test event queued for ${title}. Its delivery shows under the delivery attempts.`);
        void refreshDeliveries();
      },
      onError: (error) => announce(`The test event was not sent: ${errorMessage(error)}`, 'error'),
    }),
  );
  const remove = useMutation(
    trpc.webhooks.remove.mutationOptions({
      onSuccess: () => {
        announce(`Webhook ${title} deleted. Nothing more is sent to it.`);
        onDeleted();
      },
      onError: (error) => announce(`The webhook was not deleted: ${errorMessage(error)}`, 'error'),
    }),
  );
  const disabled = Boolean(webhook.disabled_at);
  return (
    <li className={`card webhook-card${disabled ? ' webhook-disabled' : ''}`} data-webhook-id={webhook.id}>
      <div className="card-head">
        <h3 className="card-title">{title}</h3>
        {disabled ? (
          <span className="badge badge-cancelled">
            Disabled {formatDateTime(webhook.disabled_at, timeZone)}
          </span>
        ) : (
          <span className="badge badge-active">Active</span>
        )}
      </div>
      {disabled && (
        <p className="notice notice-warning">
          Drift stopped sending events to this endpoint:{' '}
          {webhook.disabled_reason ?? 'its deliveries kept failing'}. Once the receiver works again, send it a
          test event: when the receiver accepts it, Drift enables the webhook again.
        </p>
      )}
      <Facts
        className="webhook-facts"
        facts={[
          { term: 'URL', value: <code className="webhook-url">{webhook.url}</code> },
          {
            term: 'Events',
            value: (
              <ul className="webhook-event-list">
                {webhook.events.map((event) => (
                  <li key={event}>
                    {EVENT_WORDS[event as WebhookEventType] ?? event} <code>{event}</code>
                  </li>
                ))}
              </ul>
            ),
          },
          { term: 'Format', value: webhook.format === 'slack' ? 'Slack message' : 'Signed JSON event' },
          { term: 'Added', value: formatDateTime(webhook.created_at, timeZone) },
        ]}
      />
      <div className="actions">
        <button
          type="button"
          disabled={sendTest.isPending}
          onClick={() => sendTest.mutate({ id: webhook.id })}
        >
          {sendTest.isPending ? 'Sending…' : 'Send test event'}
        </button>
        <button
          type="button"
          aria-expanded={showDeliveries}
          aria-controls={showDeliveries ? deliveriesId : undefined}
          onClick={() => setShowDeliveries((shown) => !shown)}
        >
          {showDeliveries ? 'Hide delivery attempts' : 'Show delivery attempts'}
        </button>
        <ConfirmAction
          label="Delete"
          question={`Delete the webhook “${title}”? Drift stops sending it events at once.`}
          confirmLabel="Yes, delete it"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: webhook.id })}
        />
      </div>
      {showDeliveries && <Deliveries webhook={webhook} id={deliveriesId} />}
    </li>
  );
}

export function WebhooksPage() {
  useTitle('Webhooks');
  const trpc = useTRPC();
  const me = useAccount();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const list = useQuery(trpc.webhooks.list.queryOptions({ limit: 100 }));
  const refreshList = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSettled: refreshList }));
  const isFree = me.account.plan !== 'team_growth';

  return (
    <section aria-labelledby="webhooks-title">
      <PageHead id="webhooks-title" title="Webhooks">
        <PlanBadge plan={me.account.plan} />
      </PageHead>
      <p className="hint">
        Webhooks tell your other tools (HR systems, chat bots, Slack) when something happens: a session starts
        or ends, mail arrives, a return playbook is ready. Each event is signed, and retried for about a day
        until the endpoint accepts it.
      </p>
      {created ? (
        <NewWebhook created={created} onDone={() => setCreated(null)} />
      ) : isFree ? (
        <div className="card plan-gate" data-testid="plan-gate">
          <h2>Webhooks need the Team Growth plan</h2>
          <p>
            This account is on the <strong>Free</strong> plan, which does not include webhooks or Slack
            alerts, so none can be added here. Upgrade the account to Team Growth to add them; webhooks made
            before stay listed below.
          </p>
        </div>
      ) : (
        <div className="card">
          <h2>Add a webhook</h2>
          <WebhookForm
            submit={(input) => create.mutateAsync(input)}
            onCreated={(result) => {
              setCreated(result as CreatedWebhook);
              announce('Webhook added. Copy its signing secret now: it is shown only once.');
            }}
          />
        </div>
      )}
      <h2 ref={listHeadingRef} tabIndex={-1}>
        Your webhooks
      </h2>
      <QueryView query={list} loading="Loading webhooks…" empty={<Empty title="No webhooks yet." />}>
        {({ data }) => (
          <ul className="cards" aria-label="Webhooks">
            {data.map((webhook) => (
              <WebhookCard
                key={webhook.id}
                webhook={webhook}
                onDeleted={() => {
                  // The card goes away with its buttons: the focus goes to the list's heading.
                  listHeadingRef.current?.focus();
                  void refreshList();
                }}
              />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
