import type { Prisma } from '@drift/db';

/** A row of `escalations` (@drift/db re-exports no model type for it). */
export type Escalation = Prisma.EscalationGetPayload<Record<string, never>>;
