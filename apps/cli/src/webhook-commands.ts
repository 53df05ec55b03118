import {
  accountWebhooksInput,
  type CreateWebhook,
  createAccountWebhookInput,
  listWebhookDeliveriesInput,
  WEBHOOK_FORMATS,
  type WebhookFormat,
} from '@drift/contract';
import {
  type CommandDefinition,
  checked,
  type Invocation,
  positional,
  required,
  UsageError,
} from './command.ts';
import { table } from './output.ts';

// `pnpm drift webhooks …`: an account's webhooks (Team Growth), their test events and delivery log.

/** `a, b` -> ['a', 'b']. */
function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** --limit and --offset as the API takes them: whole numbers, checked by the server's schema. */
function pageFlags(invocation: Invocation): { limit?: number; offset?: number } {
  const number = (flag: 'limit' | 'offset') => {
    const value = invocation.flags[flag];
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number, not '${value}'`);
    return Number(value);
  };
  const limit = number('limit');
  const offset = number('offset');
  return { ...(limit !== undefined && { limit }), ...(offset !== undefined && { offset }) };
}

function pageLine({ total, limit, offset }: { total: number; limit: number; offset: number }): string {
  if (total === 0) return '';
  return `${offset + 1}-${Math.min(total, offset + limit)} of ${total}`;
}

export const WEBHOOK_COMMANDS: Record<string, CommandDefinition> = {
  'webhooks list': {
    usage: 'webhooks list --account ACCOUNT_ID [--limit N] [--offset N] [--json]',
    flags: ['account', 'limit', 'offset'],
    async run(client, invocation, output) {
      const page = await client.admin.webhooks.list.query(
        checked(accountWebhooksInput, {
          account_id: required(invocation, 'account'),
          ...pageFlags(invocation),
        }),
      );
      const rows = page.data.map((w) => [
        w.id,
        w.url,
        w.events.join(','),
        w.format,
        w.disabled_at ? `disabled ${w.disabled_at}` : 'enabled',
        w.description ?? '',
      ]);
      output.result(
        page,
        rows.length
          ? `${table([['ID', 'URL', 'EVENTS', 'FORMAT', 'STATUS', 'DESCRIPTION'], ...rows])}\n${pageLine(page.pagination)}`
          : 'No webhooks.',
      );
    },
  },
  'webhooks create': {
    usage:
      'webhooks create --account ACCOUNT_ID --url URL --events e1,e2 [--description TEXT] [--format standard|slack] [--json]',
    flags: ['account', 'url', 'events', 'description', 'format'],
    async run(client, invocation, output) {
      const format = invocation.flags.format;
      if (format !== undefined && !(WEBHOOK_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be one of ${WEBHOOK_FORMATS.join(', ')}, not '${format}'`);
      }
      const created = await client.admin.webhooks.create.mutate(
        checked(createAccountWebhookInput, {
          account_id: required(invocation, 'account'),
          url: required(invocation, 'url'),
          events: list(required(invocation, 'events')) as CreateWebhook['events'],
          ...(invocation.flags.description !== undefined && { description: invocation.flags.description }),
          ...(format && { format: format as WebhookFormat }),
        }),
      );
      output.result(
        created,
        [
          `Created webhook ${created.id} for ${created.url} (${created.format}): ${created.events.join(', ')}`,
          `Signing secret (shown once, store it now): ${created.secret}`,
        ].join('\n'),
      );
    },
  },
  'webhooks delete': {
    usage: 'webhooks delete WEBHOOK_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const deleted = await client.admin.webhooks.remove.mutate({ id: positional(invocation, 'WEBHOOK_ID') });
      output.result(deleted, `Deleted webhook ${deleted.id}; nothing more is sent to it.`);
    },
  },
  'webhooks test': {
    usage: 'webhooks test WEBHOOK_ID [--json]',
    flags: [],
    async run(client, invocation, output) {
      const id = positional(invocation, 'WEBHOOK_ID');
      const queued = await client.admin.webhooks.test.mutate({ id });
      output.result(
        queued,
        `Queued a webhook.test event for ${id} (delivery ${queued.id}); see \`pnpm drift webhooks deliveries ${id}\`.`,
      );
    },
  },
  'webhooks deliveries': {
    usage: 'webhooks deliveries WEBHOOK_ID [--limit N] [--offset N] [--json]',
    flags: ['limit', 'offset'],
    async run(client, invocation, output) {
      const id = positional(invocation, 'WEBHOOK_ID');
      const page = await client.admin.webhooks.deliveries.query(
        checked(listWebhookDeliveriesInput, { id, ...pageFlags(invocation) }),
      );
      const rows = page.data.map((a) => [
        a.created_at,
        a.event,
        a.status_code === null ? '-' : String(a.status_code),
        `${a.duration_ms} ms`,
        a.error ?? 'ok',
        a.delivery_id,
      ]);
      output.result(
        page,
        rows.length
          ? `${table([['TIME', 'EVENT', 'STATUS', 'DURATION', 'RESULT', 'DELIVERY'], ...rows])}\n${pageLine(page.pagination)}`
          : `No delivery attempts for ${id} yet.`,
      );
    },
  },
};
