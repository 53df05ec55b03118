import { useQuery } from '@tanstack/react-query';
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Handlers, renderWithApi } from '../test-utils.tsx';
import { useTRPC } from '../trpc.ts';
import { QueryView } from './QueryView.tsx';

function Keys() {
  const trpc = useTRPC();
  const list = useQuery(trpc.keys.list.queryOptions());
  return (
    <QueryView query={list} loading="Loading keys…">
      {({ data }) => <p>{data.length} keys</p>}
    </QueryView>
  );
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function calledTimes(calls: { path: string }[]) {
  return calls.filter((c) => c.path === 'keys.list').length;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('QueryView while the server cannot be reached', () => {
  it('says so within 5 s with a Retry button, then gives up with the error', async () => {
    const handlers: Handlers = {
      'keys.list': () => {
        throw new TypeError('Failed to fetch');
      },
    };
    const { calls } = renderWithApi(<Keys />, handlers);
    expect(screen.getByRole('status').textContent).toBe('Loading keys…');
    await advance(100);
    expect(screen.getByRole('status').textContent).toBe('Cannot reach Drift — retrying…');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    // React Query keeps trying (1 s, then 2 s later), then shows the failure with "Try again".
    await advance(5_000);
    expect(calledTimes(calls)).toBe(3);
    expect(screen.getByRole('alert').textContent).toContain(
      'Could not reach Drift. Check your connection and try again.',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('says it is still waiting when the server does not answer, and Retry asks again', async () => {
    const { calls } = renderWithApi(<Keys />, { 'keys.list': () => new Promise(() => {}) });
    await advance(3_000);
    expect(screen.getByRole('status').textContent).toBe('Loading keys…');
    await advance(1_500);
    expect(screen.getByRole('status').textContent).toBe('Drift is slow to answer — still waiting…');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await advance(10);
    expect(calledTimes(calls)).toBe(2);
  });

  it('says the browser is offline instead of loading for ever', async () => {
    vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
    const { calls } = renderWithApi(<Keys />, {
      'keys.list': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await advance(10);
    // Offline, the query still runs (networkMode "always") instead of pausing without a word.
    expect(calledTimes(calls)).toBe(1);
    expect(screen.getByRole('status').textContent).toBe('Cannot reach Drift — retrying…');
    expect(screen.getByText(/This browser is offline/)).toBeTruthy();
  });
});
