import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Tone = 'success' | 'error' | 'info';

interface Announcement {
  id: number;
  message: string;
  tone: Tone;
  /** The page it belongs to: it goes away when the person moves to another page. */
  hash: string;
}

type Announce = (message: string, tone?: Tone) => void;

const AnnounceContext = createContext<Announce>(() => {});

/**
 * Status lines after an action ("Session cancelled."), read out by screen readers. A line belongs
 * to the page shown when it was announced: to report on the page an action leads to, navigate first.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<Announcement | null>(null);
  const announce = useCallback<Announce>((message, tone = 'success') => {
    const hash = window.location.hash;
    setCurrent((previous) => ({ id: (previous?.id ?? 0) + 1, message, tone, hash }));
  }, []);
  useEffect(() => {
    const onNavigate = () => setCurrent((c) => (c && c.hash !== window.location.hash ? null : c));
    window.addEventListener('hashchange', onNavigate);
    return () => window.removeEventListener('hashchange', onNavigate);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      <div className="announcer" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {current && (
          <p key={current.id} className={`notice notice-${current.tone}`}>
            <span>{current.message}</span>
            <button type="button" className="link-button" onClick={() => setCurrent(null)}>
              Dismiss
            </button>
          </p>
        )}
      </div>
      {children}
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
