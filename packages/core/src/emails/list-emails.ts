import type { emailListSchema, listEmailsInput } from '@drift/contract';
import type { Prisma } from '@drift/db';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { readPage } from '../paged-list.ts';
import { toEmail } from '../serializers.ts';
import { ownSessionScope } from '../sessions/session-access.ts';

/** The account's captured mail, newest first; a session filter must name one of its own sessions. */
export async function listEmails(
  { prisma }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listEmailsInput>,
): Promise<z.input<typeof emailListSchema>> {
  const where: Prisma.EmailWhereInput = {
    ...(await ownSessionScope(prisma, accountId, input.session_id)),
    ...(input.category && { category: input.category }),
  };
  const { rows, pagination } = await readPage(
    input,
    () => prisma.email.count({ where }),
    (window) =>
      prisma.email.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], ...window }),
  );
  return { data: rows.map(toEmail), pagination };
}
