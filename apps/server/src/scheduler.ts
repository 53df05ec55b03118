import {
  deliverDueAutoReplies,
  deliverDueEscalations,
  emitSessionEvents,
  type MailDeps,
  runScheduledWork,
} from '@drift/core';
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';

export interface Scheduler {
  stop(): Promise<void>;
}

const QUEUE = 'drift-scheduled-work';
const DEADLOCK_DETECTED = '40P01';

/**
 * pg-boss creates a queue without its schema lock, so instances starting together on a fresh
 * database can deadlock on the partition it attaches. PostgreSQL rolls back one of them; the
 * retry then finds the queue the other created.
 */
async function createQueueOnce(boss: PgBoss, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // 'short': at most one tick waits in the queue, however many instances ask for one.
      await boss.createQueue(QUEUE, { name: QUEUE, policy: 'short' });
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== DEADLOCK_DETECTED || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/** What the tick wakes besides its own work: this process's webhook delivery worker. */
export interface ScheduledKicks {
  webhooks?: { kick(): void };
}

/**
 * Runs what the clock makes due (playbooks of completed sessions, their morning delivery, retries
 * of auto-replies and escalations, session webhook events, webhook retries) every `intervalMs`,
 * and once at start, which catches up on anything missed while the server was down. The work itself is idempotent and guarded by the database; the
 * engine only decides who runs it when: in-process on the embedded database (one process), and
 * on PostgreSQL through pg-boss, so that of several instances one takes each tick.
 */
export async function startScheduler(options: {
  deps: MailDeps;
  databaseUrl?: string;
  intervalMs: number;
  log: FastifyBaseLogger;
  kicks?: ScheduledKicks;
}): Promise<Scheduler> {
  const { deps, databaseUrl, intervalMs, log, kicks = {} } = options;
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        const playbooks = await runScheduledWork(deps);
        const autoReplies = await deliverDueAutoReplies(deps);
        // After the playbooks: a session.completed event carries its session's playbook.
        const sessionEvents = await emitSessionEvents(deps);
        // Escalations whose first attempt at capture failed, or whose instance died before it.
        const escalations = await deliverDueEscalations(deps);
        // Retries that came due, and anything a crashed instance left claimed (its lease expired).
        kicks.webhooks?.kick();
        if (
          playbooks.built ||
          playbooks.delivered ||
          autoReplies ||
          escalations ||
          sessionEvents.started ||
          sessionEvents.completed
        ) {
          log.info({ ...playbooks, autoReplies, escalations, sessionEvents }, 'scheduled work done');
        }
      } catch (error) {
        log.error({ err: error }, 'scheduled work failed; retrying at the next tick');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  if (!databaseUrl) {
    await tick();
    const timer = setInterval(() => void tick(), intervalMs);
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  }

  const boss = new PgBoss({ connectionString: databaseUrl, max: 2 });
  boss.on('error', (error) => log.error({ err: error }, 'job engine error'));
  await boss.start();
  await createQueueOnce(boss);
  await boss.work(QUEUE, { pollingIntervalSeconds: Math.max(0.5, intervalMs / 1000) }, async () => {
    await tick();
  });
  const enqueue = () =>
    boss
      .send(QUEUE, {})
      .catch((error: unknown) => log.error({ err: error }, 'could not queue scheduled work'));
  await enqueue();
  const timer = setInterval(() => void enqueue(), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, close: true, wait: true });
      await running;
    },
  };
}
