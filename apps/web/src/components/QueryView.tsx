import { type UseQueryResult, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { retryStuckQueries } from '../trpc.ts';
import { ErrorNotice, Loading } from './ui.tsx';

/** Whether the data is a page of a list (`{ data: [...] }`) with nothing on it. */
const isEmptyPage = (data: unknown) => {
  const items = (data as { data?: unknown } | null)?.data;
  return Array.isArray(items) && items.length === 0;
};

/**
 * One query's states in the order a page shows them: loading, failed (with a retry), nothing to
 * show, then the data.
 */
export function QueryView<T, E>({
  query,
  loading,
  error = (failure, retry) => <ErrorNotice error={failure} onRetry={retry} />,
  isEmpty = isEmptyPage,
  empty,
  children,
}: {
  query: UseQueryResult<T, E>;
  /** What the spinner says. */
  loading?: string;
  /** How a failure reads; by default the error's message with "Try again". */
  error?: (failure: E, retry: () => void) => ReactNode;
  /** Whether there is nothing to show; by default, a list page without items. */
  isEmpty?: (data: T) => boolean;
  /** What to show then. */
  empty?: ReactNode | ((data: T) => ReactNode);
  children: (data: T) => ReactNode;
}) {
  const queryClient = useQueryClient();
  if (query.isPending) {
    return (
      <Loading
        label={loading}
        progress={{
          failureCount: query.failureCount,
          fetchStatus: query.fetchStatus,
          retry: () => void retryStuckQueries(queryClient),
        }}
      />
    );
  }
  if (query.isError) return <>{error(query.error, () => void query.refetch())}</>;
  if (empty !== undefined && isEmpty(query.data)) {
    return <>{typeof empty === 'function' ? empty(query.data) : empty}</>;
  }
  return <>{children(query.data)}</>;
}
