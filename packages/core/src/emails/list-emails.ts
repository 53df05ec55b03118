import type { emailListSchema, listEmailsInput } from '@drift/contract';
import type { Prisma } from '@drift/db';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { readCursorPage } from '../paged-list.ts';
import { EMAIL_FIELDS, toEmail } from '../serializers.ts';
import { ownSessionScope } from '../sessions/session-access.ts';
import { type EmailFilter, emailTotal } from './email-total.ts';

const NEWEST_RECEIVED_FIRST = [{ receivedAt: 'desc' as const }, { id: 'desc' as const }];

/**
 * The account's captured mail, newest first; a session filter must name one of its own sessions.
 * A cursor is any email of the account, even one the filters leave out: it only marks a position.
 */
export async function listEmails(
  { prisma }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listEmailsInput>,
): Promise<z.input<typeof emailListSchema>> {
  const filter: EmailFilter = {
    ...(await ownSessionScope(prisma, accountId, input.session_id)),
    ...(input.category && { category: input.category }),
  };
  const { rows, pagination } = await readCursorPage(input, {
    count: () => emailTotal(prisma, filter),
    after: async (id) => {
      const cursor = await prisma.email.findFirst({ where: { id, accountId }, select: { receivedAt: true } });
      return cursor && receivedAfter(cursor.receivedAt, id);
    },
    findPage: ({ after, ...window }) =>
      prisma.email.findMany({
        where: after ? { AND: [filter, after] } : filter,
        orderBy: NEWEST_RECEIVED_FIRST,
        select: EMAIL_FIELDS,
        ...window,
      }),
  });
  return { data: rows.map(toEmail), pagination };
}

/**
 * The emails after (receivedAt, id) in the list's order. The redundant `lte` bounds the index range
 * scan on (…, received_at desc, id desc); the OR then only sorts out rows of that same instant.
 */
function receivedAfter(receivedAt: Date, id: string): Prisma.EmailWhereInput {
  return { receivedAt: { lte: receivedAt }, OR: [{ receivedAt: { lt: receivedAt } }, { id: { lt: id } }] };
}
