import type { Prisma } from '@drift/db';
import type { SessionStatus } from '@drift/domain';

/** The SQL twin of the domain's `sessionStatus`: the same clock rule, evaluated by the database. */
export function statusWhere(status: SessionStatus, now: Date): Prisma.OooSessionWhereInput {
  switch (status) {
    case 'cancelled':
      return { cancelledAt: { not: null } };
    case 'scheduled':
      return { cancelledAt: null, startDate: { gt: now } };
    case 'active':
      return { cancelledAt: null, startDate: { lte: now }, endDate: { gt: now } };
    case 'completed':
      return { cancelledAt: null, endDate: { lte: now } };
  }
}
