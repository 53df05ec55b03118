import { type Page, pageInfo } from '@drift/domain';

/** The rows of one page, as Prisma's findMany takes the window. */
export interface PageWindow {
  skip: number;
  take: number;
}

/** Lists are newest first; the id breaks ties between rows of the same instant so pages never overlap. */
export const NEWEST_CREATED_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/**
 * One page of a list and its pagination block: the total and the page are read side by side, the
 * caller's findMany only adds the window to its own where and order.
 */
export async function readPage<Row>(
  page: Page,
  count: () => PromiseLike<number>,
  findPage: (window: PageWindow) => PromiseLike<Row[]>,
): Promise<{ rows: Row[]; pagination: ReturnType<typeof pageInfo> }> {
  const [total, rows] = await Promise.all([count(), findPage({ skip: page.offset, take: page.limit })]);
  return { rows, pagination: pageInfo(total, page) };
}
