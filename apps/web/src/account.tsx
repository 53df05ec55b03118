import { createContext, useContext, useEffect } from 'react';
import type { RouterOutputs } from './trpc.ts';

export type Me = RouterOutputs['auth']['me'];

const AccountContext = createContext<Me | null>(null);

export const AccountProvider = AccountContext.Provider;

/** The signed-in user and their account; only used inside the signed-in shell. */
export function useAccount(): Me {
  const me = useContext(AccountContext);
  if (!me) throw new Error('useAccount outside the signed-in shell');
  return me;
}

/** The account's IANA zone, in which every date is shown and typed. */
export function useTimeZone(): string {
  return useAccount().account.timezone || 'UTC';
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Drift`;
  }, [title]);
}
