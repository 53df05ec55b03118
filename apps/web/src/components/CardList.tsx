import type { ReactNode } from 'react';
import { type PageInfo, Pagination } from './ui.tsx';

/** A page of cards and the way to the next and previous pages. */
export function PagedCards<T>({
  items,
  listLabel,
  pagination,
  pagesLabel,
  onPage,
  children,
}: {
  items: T[];
  /** The list's accessible name, where it has one. */
  listLabel?: string;
  pagination: PageInfo;
  pagesLabel: string;
  onPage: (offset: number) => void;
  /** One item's card (an `li` with its key). */
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <ul className="cards" aria-label={listLabel}>
        {items.map(children)}
      </ul>
      <Pagination label={pagesLabel} pagination={pagination} onPage={onPage} />
    </>
  );
}
