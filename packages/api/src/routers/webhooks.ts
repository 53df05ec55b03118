import {
  accountWebhooksInput,
  createAccountWebhookInput,
  createdWebhookSchema,
  createWebhookInput,
  deletedWebhookSchema,
  listWebhookDeliveriesInput,
  listWebhooksInput,
  queuedWebhookTestSchema,
  webhookAttemptListSchema,
  webhookIdInput,
  webhookListSchema,
  webhookSchema,
} from '@drift/contract';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  sendWebhookTest,
  webhookAccountOf,
} from '@drift/core';
import { adminProcedure, apiProcedure, router } from '../trpc.ts';
import { accountMutation, restRoute } from './procedures.ts';

const TAG = 'Webhooks';

export const webhooksRouter = router({
  list: apiProcedure('webhooks.list')
    .meta(
      restRoute(TAG, {
        method: 'GET',
        path: '/webhooks',
        summary: 'List webhooks',
        description: 'Retrieve a paginated list of your webhooks, newest first. Secrets are never listed.',
        errorResponses: [400, 401, 403, 429, 500],
      }),
    )
    .input(listWebhooksInput)
    .output(webhookListSchema)
    .query(({ ctx, input }) => listWebhooks(ctx.core, ctx.accountId, input)),

  get: apiProcedure('webhooks.get')
    .meta(
      restRoute(TAG, {
        method: 'GET',
        path: '/webhooks/{id}',
        summary: 'Get a webhook',
        description:
          'Retrieve one webhook, without its secret. `disabled_at` is set once Drift stopped sending to it after 3 days of failed deliveries.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(webhookIdInput)
    .output(webhookSchema)
    .query(({ ctx, input }) => getWebhook(ctx.core, ctx.accountId, input.id)),

  create: apiProcedure('webhooks.create')
    .meta(
      restRoute(TAG, {
        method: 'POST',
        path: '/webhooks',
        summary: 'Create a webhook',
        description:
          "Register an `https://` URL to receive events, signed with the Standard Webhooks scheme. The `secret` that verifies the signatures is in this response only. URLs on the server's own network (loopback, private, link-local addresses, `localhost`) are refused. At most 20 webhooks per account.",
        successDescription: 'The created webhook, with its signing secret (shown only here)',
        errorResponses: [400, 401, 403, 429, 500],
      }),
    )
    .input(createWebhookInput)
    .output(createdWebhookSchema)
    .mutation(async ({ ctx, input }) => {
      const created = await createWebhook(ctx.core, ctx.accountId, input);
      ctx.response.status = 201;
      return created;
    }),

  remove: apiProcedure('webhooks.remove')
    .meta(
      restRoute(TAG, {
        method: 'DELETE',
        path: '/webhooks/{id}',
        summary: 'Delete a webhook',
        description:
          'Delete a webhook with its queued deliveries and delivery log; nothing more is sent to it.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(webhookIdInput)
    .output(deletedWebhookSchema)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.core, ctx.accountId, input.id)),

  test: apiProcedure('webhooks.test')
    .meta(
      restRoute(TAG, {
        method: 'POST',
        path: '/webhooks/{id}/test',
        summary: 'Send a test event',
        description:
          "Queue a `webhook.test` event for this webhook alone, signed and retried like any other event. Its attempts appear under the webhook's deliveries. A disabled webhook gets it too, and is enabled again once its receiver accepts it.",
        successDescription: 'The test event is queued; `id` is its delivery id (the `webhook-id` header)',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(webhookIdInput)
    .output(queuedWebhookTestSchema)
    .mutation(async ({ ctx, input }) => {
      const queued = await sendWebhookTest(ctx.core, ctx.accountId, input.id);
      ctx.response.status = 202;
      return queued;
    }),

  deliveries: apiProcedure('webhooks.deliveries')
    .meta(
      restRoute(TAG, {
        method: 'GET',
        path: '/webhooks/{id}/deliveries',
        summary: 'List delivery attempts',
        description:
          "Every attempt at delivering an event to this webhook, newest first: the event, the receiver's status code, how long it took and why it failed.",
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(listWebhookDeliveriesInput)
    .output(webhookAttemptListSchema)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.core, ctx.accountId, input)),
});

/** The operator's (CLI) webhook procedures: `account_id`, or the webhook's own account. */
export const adminWebhooksRouter = router({
  list: adminProcedure
    .input(accountWebhooksInput)
    .output(webhookListSchema)
    .query(({ ctx, input }) => listWebhooks(ctx.core, input.account_id, input)),
  create: accountMutation(createAccountWebhookInput, createdWebhookSchema, createWebhook),
  remove: adminProcedure
    .input(webhookIdInput)
    .output(deletedWebhookSchema)
    .mutation(async ({ ctx, input }) =>
      deleteWebhook(ctx.core, await webhookAccountOf(ctx.core.prisma, input.id), input.id),
    ),
  test: adminProcedure
    .input(webhookIdInput)
    .output(queuedWebhookTestSchema)
    .mutation(async ({ ctx, input }) =>
      sendWebhookTest(ctx.core, await webhookAccountOf(ctx.core.prisma, input.id), input.id),
    ),
  deliveries: adminProcedure
    .input(listWebhookDeliveriesInput)
    .output(webhookAttemptListSchema)
    .query(async ({ ctx, input }) =>
      listWebhookDeliveries(ctx.core, await webhookAccountOf(ctx.core.prisma, input.id), input),
    ),
});
