import type { Account } from '@drift/db';
import { DomainError } from '@drift/domain';
import type { ParsedMessage } from '@drift/mail';
import type { MailDeps } from '../deps.ts';
import { type CaptureResult, captureBatch, type ParsedDelivery, parseOrRefuse } from './capture.ts';
import { findInboundAccount } from './inbound-account.ts';

/** Most messages captured in one batch. */
export const CAPTURE_BATCH_MAX = 100;
/**
 * How long a batch waits for company after its first message: deliveries that answer the previous
 * batch's callers arrive within about this, and one round of queries then serves them all.
 */
export const CAPTURE_WINDOW_MS = 3;

export interface InboundCapture {
  account: Account;
  result: CaptureResult;
}

interface Waiting {
  raw: Buffer;
  /** Parsed as soon as it arrives, while an earlier batch waits for the database. */
  parsing: Promise<ParsedMessage>;
  resolve(capture: InboundCapture): void;
  reject(error: unknown): void;
}

export interface CaptureQueue {
  /**
   * Captures one delivery to an inbound address together with whatever else arrived for it
   * meanwhile. Rejects with NOT_FOUND for an unknown address, then VALIDATION_ERROR for a body
   * that is not mail.
   */
  capture(inboundToken: string, raw: Buffer): Promise<InboundCapture>;
}

/**
 * Groups concurrent deliveries per inbound address into batches for `captureBatch`. A batch starts
 * `windowMs` after its first message, or at once at `maxBatch` messages; while it is being stored,
 * new arrivals wait and form the next one, so batches grow with the load. One batch per address
 * runs at a time. Each caller's promise settles only after its message is stored: nothing is
 * acknowledged before it is durable. When a batch fails, its messages are captured one by one, so
 * one message that cannot be stored fails alone.
 */
export function createCaptureQueue(
  deps: MailDeps,
  options: { maxBatch?: number; windowMs?: number } = {},
): CaptureQueue {
  const maxBatch = options.maxBatch ?? CAPTURE_BATCH_MAX;
  const windowMs = options.windowMs ?? CAPTURE_WINDOW_MS;
  const waiting = new Map<string, Waiting[]>();
  const running = new Set<string>();
  const scheduled = new Set<string>();

  function schedule(token: string) {
    if (running.has(token) || scheduled.has(token)) return;
    scheduled.add(token);
    setTimeout(() => {
      scheduled.delete(token);
      void run(token);
    }, windowMs);
  }

  async function run(token: string) {
    if (running.has(token)) return;
    const queue = waiting.get(token) ?? [];
    const batch = queue.splice(0, maxBatch);
    if (queue.length === 0) waiting.delete(token);
    if (batch.length === 0) return;
    running.add(token);
    try {
      await settle(token, batch);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      running.delete(token);
      if (waiting.has(token)) schedule(token);
    }
  }

  async function settle(token: string, batch: Waiting[]) {
    const account = await findInboundAccount(deps, token);
    const parsed: (ParsedDelivery & Pick<Waiting, 'resolve' | 'reject'>)[] = [];
    for (const entry of batch) {
      try {
        if (entry.raw.length === 0)
          throw new DomainError('VALIDATION_ERROR', 'The body must be a raw email message (message/rfc822)');
        parsed.push({ ...entry, parsed: await entry.parsing, source: { kind: 'inbound' } });
      } catch (error) {
        entry.reject(error);
      }
    }
    try {
      const results = await captureBatch(deps, account, parsed);
      parsed.forEach((entry, i) => {
        entry.resolve({ account, result: results[i] as CaptureResult });
      });
    } catch (error) {
      if (parsed.length === 1) throw error;
      for (const entry of parsed) {
        await captureBatch(deps, account, [entry]).then(
          ([result]) => entry.resolve({ account, result: result as CaptureResult }),
          (failure: unknown) => entry.reject(failure),
        );
      }
    }
  }

  return {
    capture(inboundToken, raw) {
      return new Promise<InboundCapture>((resolve, reject) => {
        const queue = waiting.get(inboundToken) ?? [];
        const parsing = parseOrRefuse(raw);
        // Settled through the batch (after the address is known), never unhandled meanwhile.
        parsing.catch(() => undefined);
        queue.push({ raw, parsing, resolve, reject });
        waiting.set(inboundToken, queue);
        if (queue.length >= maxBatch) void run(inboundToken);
        else schedule(inboundToken);
      });
    },
  };
}
