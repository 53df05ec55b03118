import type { TriageMessage } from './types.ts';

// Thread grouping from headers only (Message-ID, In-Reply-To, References), as production has
// nothing else.

type Headers = Pick<TriageMessage, 'messageId' | 'inReplyTo' | 'references'>;

/**
 * The id of the thread's first message as far as this message alone knows it: the first
 * References entry (RFC 5322 keeps the root first, and clients that trim the list keep it),
 * else In-Reply-To, else the message's own Message-ID; null when the message has none of them.
 *
 * Stateless, so the order of arrival does not matter for messages that carry full References:
 * a reply that arrives before its parent already names the root. A reply that only carries
 * In-Reply-To to a non-root parent gets the parent's id; `ThreadIndex` merges such groups once
 * the parent (or any message linking the two) arrives.
 */
export function threadRootId(message: Headers): string | null {
  return message.references[0] ?? message.inReplyTo ?? message.messageId ?? null;
}

/**
 * Incremental thread grouping (union-find over every id a message mentions). Deterministic and
 * in-memory: feed messages in any order with `add`; `threadOf` answers with a canonical key
 * that is the same for every message linked directly or transitively, whatever the arrival
 * order. The key of a group is the earliest-added `threadRootId` in it, so it stays stable as
 * long as the first message of a group is not later merged into an older group (then the
 * older group's key wins, and callers that stored keys should re-key with `threadOf`).
 */
export class ThreadIndex {
  private readonly parent = new Map<string, string>();
  private readonly order = new Map<string, number>();
  private counter = 0;

  private find(id: string): string {
    let root = id;
    for (
      let next = this.parent.get(root);
      next !== undefined && next !== root;
      next = this.parent.get(root)
    ) {
      root = next;
    }
    // Path compression keeps later look-ups flat.
    let cur = id;
    while (cur !== root) {
      const next = this.parent.get(cur) ?? root;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  private ensure(id: string): void {
    if (!this.parent.has(id)) {
      this.parent.set(id, id);
      this.order.set(id, this.counter++);
    }
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The older representative wins so keys stay stable over time.
    if ((this.order.get(ra) ?? 0) <= (this.order.get(rb) ?? 0)) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }

  /** Registers a message and returns its thread key (null when it has no ids at all). */
  add(message: Headers): string | null {
    const root = threadRootId(message);
    if (root === null) return null;
    const ids = [root, ...message.references, message.inReplyTo, message.messageId].filter(
      (id): id is string => typeof id === 'string' && id !== '',
    );
    for (const id of ids) this.ensure(id);
    for (const id of ids) this.union(root, id);
    return this.find(root);
  }

  /** The current thread key of a message id seen before, or null. */
  threadOf(messageId: string): string | null {
    return this.parent.has(messageId) ? this.find(messageId) : null;
  }
}
