import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';

// jsdom gives import.meta.url an http scheme in some setups: resolve from this file's path instead.
const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
const css = readFileSync(join(here, '..', 'styles.css'), 'utf8');

/** The custom properties declared in a block of the stylesheet. */
function variables(block: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)) {
    found[name as string] = value as string;
  }
  return found;
}

const light = variables(/:root\s*{([^}]*)}/.exec(css)?.[1] ?? '');
const dark = {
  ...light,
  ...variables(/@media \(prefers-color-scheme: dark\)\s*{\s*:root\s*{([^}]*)}/.exec(css)?.[1] ?? ''),
};
/** The text colour on the urgency squares: white in the light theme, near-black in the dark one. */
const urgencyText = {
  light: /\.urgency\s*{[^}]*\bcolor:\s*(#[0-9a-fA-F]{3,6})/.exec(css)?.[1] ?? '',
  dark:
    /@media \(prefers-color-scheme: dark\)\s*{\s*\.urgency\s*{[^}]*\bcolor:\s*(#[0-9a-fA-F]{3,6})/.exec(
      css,
    )?.[1] ?? '',
};

type Theme = 'light' | 'dark';
const themes: Record<Theme, Record<string, string>> = { light, dark };

/** Each badge: its text colour on its background, as styles.css pairs them. */
const PAIRS: { badge: string; text: (t: Theme) => string; on: (t: Theme) => string }[] = [
  ...(['high', 'medium', 'low'] as const).map((level) => ({
    badge: `urgency-${level}`,
    text: (t: Theme) => urgencyText[t],
    on: (t: Theme) => themes[t][`urgency-${level}`] ?? '',
  })),
  ...['scheduled', 'active', 'completed', 'cancelled'].map((status) => ({
    badge: `badge-${status}`,
    text: (t: Theme) => themes[t][status] ?? '',
    on: (t: Theme) => themes[t].surface ?? '',
  })),
  { badge: 'badge-viewed', text: (t) => themes[t].success ?? '', on: (t) => themes[t].surface ?? '' },
  { badge: 'badge-new', text: (t) => themes[t].primary ?? '', on: (t) => themes[t].surface ?? '' },
  { badge: 'plan', text: (t) => themes[t].muted ?? '', on: (t) => themes[t].surface ?? '' },
  { badge: 'notice-warning', text: (t) => themes[t].warning ?? '', on: (t) => themes[t]['warning-bg'] ?? '' },
  { badge: 'notice-success', text: (t) => themes[t].success ?? '', on: (t) => themes[t]['success-bg'] ?? '' },
  { badge: 'notice-error', text: (t) => themes[t].danger ?? '', on: (t) => themes[t]['danger-bg'] ?? '' },
];

const TABLE = PAIRS.flatMap(({ badge, text, on }) =>
  (['light', 'dark'] as const).map((theme) => ({ badge, theme, text: text(theme), on: on(theme) })),
);

describe('badge contrast (WCAG AA, 4.5:1 for text)', () => {
  it('computes known ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    // The amber the urgency badge used to have: too faint for white text.
    expect(contrastRatio('#ffffff', '#b86e00')).toBeLessThan(4.5);
  });

  it.each(TABLE)('$badge in the $theme theme: $text on $on', ({ text, on }) => {
    expect(text).toMatch(/^#/);
    expect(on).toMatch(/^#/);
    expect(contrastRatio(text, on)).toBeGreaterThanOrEqual(4.5);
  });
});
