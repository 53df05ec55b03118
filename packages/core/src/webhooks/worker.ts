import { newId } from '@drift/domain';
import type { CoreDeps } from '../deps.ts';
import { nextAttemptAt } from './backoff.ts';
import { noteWebhookFailure } from './disable.ts';
import { onWebhookEnqueued } from './kick.ts';
import { postWebhook, WEBHOOK_TIMEOUT_MS, type WebhookPostResult } from './send.ts';
import { signedHeaders } from './signature.ts';

export type WebhookWorkerDeps = Pick<CoreDeps, 'prisma' | 'clock' | 'mailer'>;

export interface WebhookWorkerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WebhookWorkerOptions {
  /** DRIFT_WEBHOOK_PRIVATE_HOSTS=allow: http and hosts of the server's own network too. */
  allowPrivate: boolean;
  /** Deliveries in flight at once in this process. */
  concurrency?: number;
  timeoutMs?: number;
  log?: WebhookWorkerLog;
}

interface ClaimedDelivery {
  id: string;
  webhook_id: string;
  account_id: string;
  event_type: string;
  body: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
  disabled_at: Date | null;
  failing_since: Date | null;
}

interface Success {
  delivery: ClaimedDelivery;
  result: WebhookPostResult;
  clearsFailure: boolean;
}

/** Longer than an attempt can take: a worker that died mid-attempt releases its rows after it. */
const CLAIM_LEASE_MS = WEBHOOK_TIMEOUT_MS * 6;
const ERROR_LIMIT = 500;
/** Successes wait this long to be recorded with others, unless this many are waiting. */
const FLUSH_DELAY_MS = 5;
const FLUSH_BATCH = 64;
/** Retries further off than this wait for a scheduler tick. */
const RETRY_WAKE_MAX_MS = 10 * 60_000;

/**
 * Sends what the outbox holds: claims due deliveries (SKIP LOCKED, so instances on one database
 * never hold the same row), posts each signed, logs every attempt, and schedules retries. It runs
 * when kicked (a fresh delivery, a scheduler tick) and keeps going while there is due work.
 */
export class WebhookWorker {
  private readonly concurrency: number;
  private inFlight = 0;
  private claiming: Promise<void> | undefined;
  private again = false;
  /** The last claim filled every free slot: there may be more due rows. */
  private moreDue = false;
  private stopped = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly successes: Success[] = [];
  private flushing: Promise<void> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  /** A wake-up for the earliest retry this process scheduled (the scheduler tick is the fallback). */
  private retryTimer: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly deps: WebhookWorkerDeps,
    private readonly options: WebhookWorkerOptions,
  ) {
    this.concurrency = options.concurrency ?? 32;
    this.unsubscribe = onWebhookEnqueued(() => this.kick());
  }

  /** Looks for due deliveries now (idempotent; cheap when there are none). */
  kick(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.fill().finally(() => {
      this.claiming = undefined;
      this.settleIdle();
    });
  }

  /** Kicks and waits until nothing due is left and nothing is in flight. */
  async drain(): Promise<void> {
    this.kick();
    await this.idle();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more work; attempts in flight finish (at most the send timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    await this.idle();
  }

  private isIdle(): boolean {
    return !this.claiming && this.inFlight === 0 && !this.flushing && this.successes.length === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async fill(): Promise<void> {
    do {
      this.again = false;
      const free = this.concurrency - this.inFlight;
      if (free <= 0 || this.stopped) return;
      let claimed: ClaimedDelivery[];
      try {
        claimed = await this.claim(free);
      } catch (error) {
        this.options.log?.error(
          { err: error },
          'webhook deliveries could not be claimed; retrying at the next tick',
        );
        return;
      }
      this.moreDue = claimed.length === free;
      for (const delivery of claimed) {
        this.inFlight++;
        void this.deliver(delivery).finally(() => {
          this.inFlight--;
          // Refilled in chunks (at half the slots free), not one claim per finished delivery.
          if (this.moreDue && this.inFlight <= this.concurrency / 2) this.kick();
          this.settleIdle();
        });
      }
    } while (this.again);
  }

  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const now = this.deps.clock.now();
    const leaseEnd = new Date(now.getTime() + CLAIM_LEASE_MS);
    // The webhook's columns come along, so that a delivery needs no further read before it is sent.
    const rows = await this.deps.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE webhook_deliveries AS d SET claimed_until = ${leaseEnd}, attempts = d.attempts + 1
      FROM webhooks AS w
      WHERE w.id = d.webhook_id AND d.id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (claimed_until IS NULL OR claimed_until < ${now})
        ORDER BY next_attempt_at
        LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED
      )
      RETURNING d.id, d.webhook_id, d.account_id, d.event_type, d.body, d.attempts, d.created_at,
        w.url, w.secret, w.disabled_at, w.failing_since`;
    return rows.map((row) => ({
      ...row,
      attempts: Number(row.attempts),
      created_at: new Date(row.created_at),
    }));
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { prisma } = this.deps;
    try {
      if (delivery.disabled_at && delivery.event_type !== 'webhook.test') {
        await prisma.webhookDelivery.updateMany({
          where: { id: delivery.id },
          data: { status: 'failed', claimedUntil: null },
        });
        return;
      }
      // The signing time is the receiver's to check against its own clock: real time, always.
      const timestamp = Math.floor(Date.now() / 1000);
      const result = await postWebhook({
        url: delivery.url,
        headers: signedHeaders(delivery.secret, delivery.id, timestamp, delivery.body),
        body: delivery.body,
        allowPrivate: this.options.allowPrivate,
        ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }),
      });
      if (result.ok) {
        this.successes.push({
          delivery,
          result,
          clearsFailure: delivery.failing_since !== null || delivery.disabled_at !== null,
        });
        this.scheduleFlush();
      } else {
        await this.recordFailure(delivery, result);
      }
    } catch (error) {
      this.options.log?.error(
        { err: error, deliveryId: delivery.id },
        'webhook delivery could not be recorded; it is retried when its claim expires',
      );
    }
  }

  /**
   * Successes are recorded together, a few milliseconds after the first (or at once when many are
   * waiting): one statement per batch rather than one per delivery. The slot is free meanwhile;
   * the claim's lease keeps the row from being sent again before it is marked delivered.
   */
  private scheduleFlush(): void {
    if (this.flushing || this.flushTimer || this.successes.length === 0) return;
    if (this.successes.length >= FLUSH_BATCH) {
      this.flushSuccesses();
      return;
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushSuccesses();
    }, FLUSH_DELAY_MS);
  }

  private flushSuccesses(): void {
    const batch = this.successes.splice(0);
    this.flushing = this.writeSuccesses(batch)
      .catch((error: unknown) => {
        this.options.log?.error(
          { err: error, deliveries: batch.map((s) => s.delivery.id) },
          'webhook deliveries could not be recorded; they are sent again when their claim expires',
        );
      })
      .finally(() => {
        this.flushing = undefined;
        this.scheduleFlush();
        this.settleIdle();
      });
  }

  private async writeSuccesses(batch: Success[]): Promise<void> {
    const { prisma, clock } = this.deps;
    const now = clock.now();
    const rows = batch.map((s) => this.attemptRow(s.delivery, s.result, now));
    // One statement marks them delivered and logs their attempts (of rows that still exist: a
    // webhook deleted meanwhile took its deliveries with it).
    await prisma.$executeRaw`
      WITH done AS (
        UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ${now}, claimed_until = NULL
        WHERE id = ANY(${rows.map((row) => row.deliveryId)}::text[])
        RETURNING id
      )
      INSERT INTO webhook_attempts
        (id, account_id, webhook_id, delivery_id, event_type, status_code, duration_ms, error, created_at)
      SELECT a.id, a.account_id, a.webhook_id, a.delivery_id, a.event_type, a.status_code, a.duration_ms, NULL, ${now}
      FROM unnest(
        ${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.accountId)}::text[],
        ${rows.map((row) => row.webhookId)}::text[], ${rows.map((row) => row.deliveryId)}::text[],
        ${rows.map((row) => row.eventType)}::text[], ${rows.map((row) => row.statusCode ?? 0)}::int[],
        ${rows.map((row) => row.durationMs)}::int[]
      ) AS a(id, account_id, webhook_id, delivery_id, event_type, status_code, duration_ms)
      WHERE a.delivery_id IN (SELECT id FROM done)`;
    // A success ends a run of failures; on a disabled webhook (only its test events go out) it
    // shows the receiver repaired, and enables it again.
    const recovered = [...new Set(batch.filter((s) => s.clearsFailure).map((s) => s.delivery.webhook_id))];
    if (recovered.length > 0) {
      await prisma.webhook.updateMany({
        where: { id: { in: recovered } },
        data: { failingSince: null, disabledAt: null, disabledReason: null },
      });
    }
  }

  private attemptRow(delivery: ClaimedDelivery, result: WebhookPostResult, now: Date) {
    return {
      id: newId('wha'),
      accountId: delivery.account_id,
      webhookId: delivery.webhook_id,
      deliveryId: delivery.id,
      eventType: delivery.event_type,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error?.slice(0, ERROR_LIMIT) ?? null,
      createdAt: now,
    };
  }

  private wakeAt(delayMs: number): void {
    if (this.stopped || delayMs > RETRY_WAKE_MAX_MS) return;
    const at = Date.now() + delayMs;
    if (this.retryTimer && this.retryTimer.at <= at) return;
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    const timer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, delayMs + 50);
    timer.unref();
    this.retryTimer = { at, timer };
  }

  private async recordFailure(delivery: ClaimedDelivery, result: WebhookPostResult): Promise<void> {
    const { prisma, clock } = this.deps;
    const now = clock.now();
    const next = nextAttemptAt(delivery.attempts, delivery.created_at, now);
    await prisma.webhookDelivery.updateMany({
      where: { id: delivery.id },
      data: next ? { nextAttemptAt: next, claimedUntil: null } : { status: 'failed', claimedUntil: null },
    });
    await prisma.webhookAttempt.create({ data: this.attemptRow(delivery, result, now) });
    if (next) this.wakeAt(next.getTime() - now.getTime());
    const error = result.error ?? 'failed';
    this.options.log?.warn(
      {
        deliveryId: delivery.id,
        webhookId: delivery.webhook_id,
        statusCode: result.statusCode,
        error,
        retryAt: next,
      },
      next ? 'webhook delivery failed; retrying later' : 'webhook delivery failed for a day; given up',
    );
    try {
      if (await noteWebhookFailure(this.deps, delivery.webhook_id, error)) {
        this.options.log?.warn(
          { webhookId: delivery.webhook_id },
          'webhook disabled after 3 days of failures',
        );
      }
    } catch (mailError) {
      this.options.log?.error(
        { err: mailError, webhookId: delivery.webhook_id },
        'could not tell the owner of a disabled webhook',
      );
    }
  }
}

/** Starts this process's delivery worker and sends what is already due. */
export function startWebhookWorker(deps: WebhookWorkerDeps, options: WebhookWorkerOptions): WebhookWorker {
  const worker = new WebhookWorker(deps, options);
  worker.kick();
  return worker;
}
