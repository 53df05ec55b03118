// readCursorPage over an in-memory list: the pagination block of offset and cursor pages, the
// next cursor, and the refusal of a cursor that is not a row of the list.
import { DomainError } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { type CursorWindow, readCursorPage } from './paged-list.ts';

const ROWS = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}` }));

/** The list's reads over ROWS; `after` is the index of the cursor row. */
function reads(rows = ROWS) {
  return {
    count: async () => rows.length,
    after: async (id: string) => {
      const index = rows.findIndex((row) => row.id === id);
      return index < 0 ? null : index;
    },
    findPage: async ({ skip, take, after }: CursorWindow<number>) =>
      rows.slice(after === undefined ? skip : after + 1 + skip).slice(0, take),
  };
}

describe('readCursorPage', () => {
  it.each([
    [{ limit: 3, offset: 0 }, ['r0', 'r1', 'r2'], { offset: 0, has_more: true, next_starting_after: 'r2' }],
    [{ limit: 3, offset: 6 }, ['r6'], { offset: 6, has_more: false, next_starting_after: null }],
    [{ limit: 3, offset: 9 }, [], { offset: 9, has_more: false, next_starting_after: null }],
    [
      { limit: 3, offset: 0, starting_after: 'r0' },
      ['r1', 'r2', 'r3'],
      { offset: null, has_more: true, next_starting_after: 'r3' },
    ],
    [
      { limit: 3, offset: 0, starting_after: 'r3' },
      ['r4', 'r5', 'r6'],
      { offset: null, has_more: false, next_starting_after: null },
    ],
    [
      { limit: 3, offset: 0, starting_after: 'r6' },
      [],
      { offset: null, has_more: false, next_starting_after: null },
    ],
  ])('%j gives %j', async (page, ids, pagination) => {
    const { rows, pagination: got } = await readCursorPage(page, reads());
    expect(rows.map((row) => row.id)).toEqual(ids);
    expect(got).toEqual({ total: 7, limit: 3, ...pagination });
  });

  it.each([1, 2, 3, 7, 8])('a walk by cursor with limit %i lists every row once, in order', async (limit) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { rows, pagination } = await readCursorPage(
        { limit, offset: 0, ...(cursor && { starting_after: cursor }) },
        reads(),
      );
      seen.push(...rows.map((row) => row.id));
      cursor = pagination.next_starting_after ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ROWS.map((row) => row.id));
  });

  it('refuses a cursor that is not a row of the list, naming the field', async () => {
    const error = await readCursorPage({ limit: 3, offset: 0, starting_after: 'nope' }, reads()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'starting_after nope not found',
      details: { fields: [{ field: 'starting_after', message: 'starting_after nope not found' }] },
    });
  });
});
