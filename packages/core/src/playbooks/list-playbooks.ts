import type { listPlaybooksInput, playbookListSchema } from '@drift/contract';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { NEWEST_CREATED_FIRST, readPage } from '../paged-list.ts';
import { toPlaybook } from '../serializers.ts';
import { ownSessionScope } from '../sessions/session-access.ts';

/** The account's playbooks, newest first. Reading them does not mark them viewed. */
export async function listPlaybooks(
  { prisma }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listPlaybooksInput>,
): Promise<z.input<typeof playbookListSchema>> {
  const where = await ownSessionScope(prisma, accountId, input.session_id);
  const { rows, pagination } = await readPage(
    input,
    () => prisma.playbook.count({ where }),
    (window) => prisma.playbook.findMany({ where, orderBy: NEWEST_CREATED_FIRST, ...window }),
  );
  return { data: rows.map(toPlaybook), pagination };
}
