import type {
  listWebhookDeliveriesInput,
  listWebhooksInput,
  webhookAttemptListSchema,
  webhookListSchema,
  webhookSchema,
} from '@drift/contract';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { NEWEST_CREATED_FIRST, readPage } from '../paged-list.ts';
import { findOwnWebhook } from './manage-access.ts';
import { toWebhook, toWebhookAttempt } from './manage-views.ts';

/** The account's webhooks, newest first. */
export async function listWebhooks(
  { prisma }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listWebhooksInput>,
): Promise<z.input<typeof webhookListSchema>> {
  const where = { accountId };
  const { rows, pagination } = await readPage(
    input,
    () => prisma.webhook.count({ where }),
    (window) => prisma.webhook.findMany({ where, orderBy: NEWEST_CREATED_FIRST, ...window }),
  );
  return { data: rows.map(toWebhook), pagination };
}

export async function getWebhook(
  { prisma }: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.input<typeof webhookSchema>> {
  return toWebhook(await findOwnWebhook(prisma, accountId, id));
}

/** Every attempt at delivering to one of the account's webhooks, newest first. */
export async function listWebhookDeliveries(
  { prisma }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listWebhookDeliveriesInput>,
): Promise<z.input<typeof webhookAttemptListSchema>> {
  const webhook = await findOwnWebhook(prisma, accountId, input.id);
  const where = { webhookId: webhook.id, accountId };
  const { rows, pagination } = await readPage(
    input,
    () => prisma.webhookAttempt.count({ where }),
    (window) => prisma.webhookAttempt.findMany({ where, orderBy: NEWEST_CREATED_FIRST, ...window }),
  );
  return { data: rows.map(toWebhookAttempt), pagination };
}
