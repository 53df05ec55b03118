import {
  type createdWebhookSchema,
  type createWebhookInput,
  WEBHOOKS_PER_ACCOUNT_MAX,
  type WebhookFormat,
} from '@drift/contract';
import { DomainError, fieldDetails, newId } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { assertWebhooksPlan } from './manage-access.ts';
import { generateWebhookSecret } from './manage-secret.ts';
import { toCreatedWebhook } from './manage-views.ts';
import { isSlackWebhook } from './slack.ts';
import { checkWebhookUrl, WebhookUrlError } from './url-safety.ts';

/** The URL as it will be dialled, or a 400 naming `url` in the words of the safety check. */
function checkedUrl(value: string, allowPrivate: boolean): URL {
  try {
    return checkWebhookUrl(value, { allowPrivate });
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    const message = `url ${error.message}`;
    throw new DomainError('VALIDATION_ERROR', message, { details: fieldDetails('url', message) });
  }
}

const tooMany = () => {
  const message = `An account can have at most ${WEBHOOKS_PER_ACCOUNT_MAX} webhooks; delete one before adding another`;
  return new DomainError('VALIDATION_ERROR', message, { details: fieldDetails('url', message) });
};

/**
 * Registers a receiver (Team Growth): the URL must be https on the public internet unless the
 * operator allows private hosts; the name resolution is checked again at every delivery.
 */
export async function createWebhook(
  { prisma, clock, webhooks }: CoreDeps,
  accountId: string,
  input: z.infer<typeof createWebhookInput>,
): Promise<z.input<typeof createdWebhookSchema>> {
  const url = checkedUrl(input.url, webhooks?.allowPrivateHosts === true);
  // A Slack incoming-webhook URL gets Slack messages whatever is asked: the answer says so.
  const slack = input.format === 'slack' || isSlackWebhook({ url: url.href, format: 'standard' });
  const format: WebhookFormat = slack ? 'slack' : 'standard';
  const now = clock.now();
  const created = await prisma.$transaction(async (tx) => {
    // The account row is the lock: two creates at once cannot both take the last place.
    await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`;
    await assertWebhooksPlan(tx, accountId);
    if ((await tx.webhook.count({ where: { accountId } })) >= WEBHOOKS_PER_ACCOUNT_MAX) throw tooMany();
    return tx.webhook.create({
      data: {
        id: newId('wh'),
        accountId,
        url: input.url,
        events: input.events,
        description: input.description || null,
        format,
        secret: generateWebhookSecret(),
        createdAt: now,
        updatedAt: now,
      },
    });
  });
  return toCreatedWebhook(created);
}
