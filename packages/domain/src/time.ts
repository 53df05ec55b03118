export interface Clock {
  now(): Date;
}

export interface ManualClock extends Clock {
  set(d: Date): void;
  advance(ms: number): void;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

export function fixedClock(d: Date): ManualClock {
  let current = d.getTime();
  return {
    // A fresh Date each call so callers mutating the result cannot move the clock.
    now: () => new Date(current),
    set: (next) => {
      current = next.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export function toIso(d: Date): string {
  return d.toISOString();
}
