import { useSyncExternalStore } from 'react';

/**
 * A tiny hash router: `#/sessions/sess_1?page=2` is `{ segments: ['sessions', 'sess_1'], query }`.
 * Hash URLs need nothing from the server beyond index.html, and survive a reload.
 */
export interface Route {
  segments: string[];
  query: URLSearchParams;
  /** The whole hash, for keys and effects. */
  key: string;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  return { segments, query: new URLSearchParams(search), key: raw };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '');
  return parseHash(hash);
}

export type QueryValues = Record<string, string | number | null | undefined>;

/** `href('/sessions', { page: 2 })` → `#/sessions?page=2`; empty values are left out. */
export function href(path: string, query: QueryValues = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `#${path.startsWith('/') ? path : `/${path}`}${search ? `?${search}` : ''}`;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}
