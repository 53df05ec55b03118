import type { MailDeps } from '../deps.ts';
import { buildSessionPlaybook } from './build-playbook.ts';
import { deliverableWhere, deliverPlaybook } from './deliver-playbook.ts';

const BATCH = 100;

export interface ScheduledWorkResult {
  built: number;
  delivered: number;
}

/**
 * Everything the clock makes due, idempotent and safe to run from several places at once:
 * playbooks of sessions that completed (on time, or while the server was down), then the
 * deliveries whose morning has come. Each step is guarded by the database (unique playbook per
 * session, claimed deliveries), so a tick that runs twice does nothing twice.
 */
export async function runScheduledWork(deps: MailDeps): Promise<ScheduledWorkResult> {
  const { prisma, clock } = deps;
  const result: ScheduledWorkResult = { built: 0, delivered: 0 };
  for (;;) {
    const completed = await prisma.oooSession.findMany({
      where: { cancelledAt: null, endDate: { lte: clock.now() }, playbook: { is: null } },
      orderBy: { endDate: 'asc' },
      take: BATCH,
      select: { id: true },
    });
    for (const { id } of completed) if ((await buildSessionPlaybook(deps, id))?.created) result.built++;
    if (completed.length < BATCH) break;
  }
  const due = await prisma.playbook.findMany({
    where: deliverableWhere(clock.now()),
    orderBy: { deliverAt: 'asc' },
    take: BATCH,
    select: { id: true },
  });
  for (const { id } of due) if (await deliverPlaybook(deps, id)) result.delivered++;
  return result;
}
