/**
 * The delivery workers of this process, told when a fresh delivery is in the outbox so that it
 * goes out at once rather than at the next scheduler tick (which stays the fallback).
 */
const workers = new Set<() => void>();

export function onWebhookEnqueued(kick: () => void): () => void {
  workers.add(kick);
  return () => {
    workers.delete(kick);
  };
}

export function kickWebhookWorkers(): void {
  for (const kick of workers) kick();
}
