import { DomainError, fieldDetails, type Page, pageInfo } from '@drift/domain';

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

/** A page asked for by offset or, in its place, by the id of the row it starts after. */
export interface CursorPageInput extends Page {
  starting_after?: string | undefined;
}

export interface CursorPagination {
  total: number;
  limit: number;
  /** null on a cursor page: its position is not known without counting the rows before it. */
  offset: number | null;
  has_more: boolean;
  next_starting_after: string | null;
}

/** A window of findMany; `after` is the keyset condition of a cursor page, to AND with the list's where. */
export interface CursorWindow<Where> extends PageWindow {
  after?: Where;
}

export interface CursorListReads<Row, Where> {
  /** The total under the list's filters. */
  count: () => PromiseLike<number>;
  /** The keyset condition "after this row" in the list's order; null when the id is not a row of the caller's list. */
  after: (id: string) => PromiseLike<Where | null>;
  findPage: (window: CursorWindow<Where>) => PromiseLike<Row[]>;
}

/**
 * One page of a list that pages by offset or by cursor. A cursor page reads one row more than the
 * limit to know whether more follow, under a keyset condition the list's index answers in constant
 * time at any depth; an offset page is the offset page of `readPage`. Either way the last row's id
 * is the next cursor when more follow.
 */
export async function readCursorPage<Row extends { id: string }, Where>(
  page: CursorPageInput,
  reads: CursorListReads<Row, Where>,
): Promise<{ rows: Row[]; pagination: CursorPagination }> {
  const cursor = page.starting_after;
  if (cursor === undefined) {
    const { rows, pagination } = await readPage(page, reads.count, reads.findPage);
    return {
      rows,
      pagination: { ...pagination, next_starting_after: nextCursor(rows, pagination.has_more) },
    };
  }
  const [total, more] = await Promise.all([
    reads.count(),
    (async () => {
      const after = await reads.after(cursor);
      if (after === null) throw cursorNotFound(cursor);
      return reads.findPage({ skip: 0, take: page.limit + 1, after });
    })(),
  ]);
  const has_more = more.length > page.limit;
  const rows = more.slice(0, page.limit);
  return {
    rows,
    pagination: {
      total,
      limit: page.limit,
      offset: null,
      has_more,
      next_starting_after: nextCursor(rows, has_more),
    },
  };
}

function nextCursor(rows: { id: string }[], hasMore: boolean): string | null {
  return hasMore ? (rows.at(-1)?.id ?? null) : null;
}

/** Another account's row is indistinguishable from one that does not exist. */
function cursorNotFound(id: string): DomainError {
  const message = `starting_after ${id} not found`;
  return new DomainError('VALIDATION_ERROR', message, { details: fieldDetails('starting_after', message) });
}
