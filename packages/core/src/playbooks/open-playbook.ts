import type { playbookSchema } from '@drift/contract';
import { DomainError } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { toPlaybook } from '../serializers.ts';

/** The owner opens a playbook in the dashboard: the first opening sets `viewed_at`. */
export async function openPlaybook(
  { prisma, clock }: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.input<typeof playbookSchema>> {
  await prisma.playbook.updateMany({
    where: { id, accountId, viewedAt: null },
    data: { viewedAt: clock.now() },
  });
  const playbook = await prisma.playbook.findFirst({ where: { id, accountId } });
  if (!playbook) throw new DomainError('NOT_FOUND', 'Playbook not found');
  return toPlaybook(playbook);
}
