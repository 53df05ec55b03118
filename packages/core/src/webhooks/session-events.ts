import type { Prisma } from '@drift/db';
import type { CoreDeps } from '../deps.ts';
import { detailOf } from '../sessions/session-detail.ts';
import { kickWebhookWorkers } from './kick.ts';
import { writeWebhookEvents } from './outbox.ts';

type SessionEventDeps = Pick<CoreDeps, 'prisma' | 'clock'>;
type SessionEvent = 'session.started' | 'session.completed';

interface MarkedSession {
  id: string;
  account_id: string;
}

/** Sessions marked per transaction: a backlog (a long outage) is worked off in bounded steps. */
const BATCH = 100;

/** Marks up to BATCH sessions as announced, skipping those another tick holds; returns them. */
const MARK: Record<SessionEvent, (tx: Prisma.TransactionClient, now: Date) => Promise<MarkedSession[]>> = {
  'session.started': (tx, now) => tx.$queryRaw<MarkedSession[]>`
    UPDATE ooo_sessions SET started_event_at = ${now}
    WHERE id IN (
      SELECT id FROM ooo_sessions
      WHERE start_date <= ${now} AND started_event_at IS NULL AND cancelled_at IS NULL
      LIMIT ${BATCH}::int FOR UPDATE SKIP LOCKED
    )
    RETURNING id, account_id`,
  // After its session.started, so that a session that began and ended unseen announces both in order.
  'session.completed': (tx, now) => tx.$queryRaw<MarkedSession[]>`
    UPDATE ooo_sessions SET completed_event_at = ${now}
    WHERE id IN (
      SELECT id FROM ooo_sessions
      WHERE end_date <= ${now} AND completed_event_at IS NULL AND cancelled_at IS NULL
        AND started_event_at IS NOT NULL
      LIMIT ${BATCH}::int FOR UPDATE SKIP LOCKED
    )
    RETURNING id, account_id`,
};

/**
 * Emits `type` for every session it is due for. The mark and the event are written in one
 * transaction: of several instances (or ticks) exactly one emits each session's event, and a
 * crash leaves the session unmarked, to be announced by the next tick.
 */
async function emitDue(deps: SessionEventDeps, type: SessionEvent): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const marked = await deps.prisma.$transaction(async (tx) => {
      const sessions = await MARK[type](tx, now);
      for (const session of sessions) {
        const data = await detailOf(tx, session.id, now);
        await writeWebhookEvents({ prisma: tx, clock: deps.clock }, session.account_id, [
          { accountId: session.account_id, type, data },
        ]);
      }
      return sessions.length;
    });
    total += marked;
    if (marked > 0) kickWebhookWorkers();
    if (marked < BATCH) return total;
  }
}

/** session.started for sessions whose start has passed. */
export function emitSessionStartedEvents(deps: SessionEventDeps): Promise<number> {
  return emitDue(deps, 'session.started');
}

/** session.completed for sessions whose end has passed (on time or ended early), after their session.started. */
export function emitSessionCompletedEvents(deps: SessionEventDeps): Promise<number> {
  return emitDue(deps, 'session.completed');
}

/** Both, started first: a session that began and ended while no server ran announces both, in order. */
export async function emitSessionEvents(
  deps: SessionEventDeps,
): Promise<{ started: number; completed: number }> {
  const started = await emitSessionStartedEvents(deps);
  const completed = await emitSessionCompletedEvents(deps);
  return { started, completed };
}
