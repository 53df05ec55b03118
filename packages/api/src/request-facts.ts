/** What a request learned about itself, for the server's one log line. Never holds secrets. */
export interface RequestFacts {
  keyId?: string;
  accountId?: string;
  /** The procedure called, e.g. `sessions.get`, and its REST path template, e.g. `/ooo-sessions/{id}`. */
  procedure?: string;
  restPath?: string;
}
