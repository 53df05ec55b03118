import {
  anyMatch,
  BOILERPLATE_LINE,
  countMatches,
  NO_ACTION,
  PROMO,
  SETTLED_STRONG,
  SETTLED_TAKEOVER,
} from './lexicon.ts';
import type { Signals } from './signals.ts';
import { joinDayMonth, normalizeSubject } from './text.ts';
import type { Category, TriageMessage } from './types.ts';

// One readable sentence for the person coming back: who wants what, built from the new text of
// the message (never the subject). Asks are rephrased ("Could you review X?" -> "Tomás asks you
// to review X."); other messages lead with their most informative sentence.

const MAX_LENGTH = 200;
const SHORT = 35;

const GREETING =
  /^(?:hi|hello|hey|dear|hallo|hola|bonjour|salut|good (?:morning|afternoon|evening)|guten (?:morgen|tag)|buenos días|estimad[oa])\b[^.!?]{0,40}?[,:!.]\s*/i;
const PLEASANTRY =
  /\b(?:hope (?:you|the|this|all|your)|hoping you|sorry to (?:bother|do this|ping|reach|interrupt)|i know you(?:'re| are) (?:off|out|away)|apologies (?:for|if)|i'?m so sorry to|thank you for your (?:message|email)|thanks for your (?:message|email)|enjoy (?:the|your)|long time|good to (?:talk|see|meet|chat|hear)|great to (?:talk|see|meet|chat)|espero que|ich hoffe|j'espère|vielen dank für ihre nachricht|gracias por tu mensaje|merci pour votre message|(?:don'?t|do not|no need to) (?:reply|respond)|not a request)\b/i;
const BULLET = /^\s*(?:[-*•·▪]|\d{1,2}[.)]|[a-z][)]|\[[ xX]?\])\s*/;
const SERVICE_WORDS =
  /\b(?:on-?call|team|ci|it|support|desk|reviews?|billing|calendar|updates?|status|rewards|tickets|events|notifications?|system|subsystem|delivery|digest|weekly|daily|monthly|news|store|shop|co\.?|inc\.?|ltd|llc|gmbh)\b/i;
const KEY_FIELDS = ['title', 'summary', 'subject', 'alert', 'issue', 'event', 'incident'];
const KEY_VALUE_LINE = /^[\p{L}][\p{L}\d .()/&-]{0,24}:\s+\S/u;
const FUNCTION_WORDS =
  /^(?:a|an|the|it|its|this|that|these|those|our|we|they|there|can|could|would|will|please|which|what|how|when|why|do|does|is|are|your|my|if|so|and|but|or|no|not|all|any|some|one|two|three|for|to|in|on|at|by|with)\b/i;
const DEADLINE_WORDS = /\b(?:by|before|due|until|through|today|tonight|tomorrow|deadline|bis|antes|avant)\b/i;

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * How to call the sender: a person's first name when the mailbox is theirs ("Jonas Weber"
 * <jonas.weber@...>), otherwise the whole display name ("The Daily Ledger", "Acme CI").
 */
function callName(name: string, address: string): string {
  const display = name.trim();
  const words = display.split(/\s+/);
  const first = words[0] ?? '';
  const local = stripAccents(address.split('@')[0] ?? '').toLowerCase();
  const firstPlain = stripAccents(first).toLowerCase();
  if (
    words.length >= 2 &&
    firstPlain.length >= 2 &&
    /^\p{Lu}/u.test(first) &&
    !SERVICE_WORDS.test(display) &&
    (local === firstPlain ||
      local.startsWith(`${firstPlain}.`) ||
      local.startsWith(`${firstPlain}_`) ||
      local.includes(firstPlain))
  ) {
    return first;
  }
  return display || address || 'The sender';
}

/** Lower-cases a sentence start for joining, but never a name ("Maria went ...") or "I". */
function lowerFirst(s: string): string {
  return /^[\p{Lu}][\p{Ll}]/u.test(s) && FUNCTION_WORDS.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function keyField(items: Item[]): string | undefined {
  for (const key of KEY_FIELDS) {
    const re = new RegExp(`^${key}\\s*:\\s*(.{8,})$`, 'i');
    const hit = items.map((i) => i.raw.match(re)?.[1]).find((v): v is string => Boolean(v));
    if (hit) return hit.trim();
  }
  return undefined;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function makeCleaner(ownerNames: string[]) {
  const vocative = new RegExp(
    `^(?:${
      ownerNames
        .filter((n) => !n.includes(' '))
        .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|') || '(?!)'
    })\\s*[,:]\\s*`,
    'iu',
  );
  return (sentence: string): string => {
    let s = sentence
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\s*\(\s*\)\s*/g, ' ')
      .replace(BULLET, '')
      .replace(/\s+/g, ' ')
      .trim();
    for (let i = 0; i < 3; i++) {
      const before = s;
      s = s
        .replace(GREETING, '')
        .replace(vocative, '')
        .replace(
          /^(?:so|and|also|but|ok|okay|update|quick one(?: from \w+)?|one more thing|fyi|pour info|zur info)\s*[,:.!-]?\s+/i,
          '',
        );
      if (s === before) break;
    }
    s = s.replace(/^i'?m sorry to (?:have to )?inform you that\s+/i, '').replace(/[\s;:,–—-]+$/, '');
    return upperFirst(s);
  };
}

function swapPronouns(clause: string): string {
  return clause
    .replace(/\bI'm\b/g, 'they are')
    .replace(/\bI've\b/g, 'they have')
    .replace(/\bI'll\b/g, 'they will')
    .replace(/\bI'd\b/g, 'they would')
    .replace(/\bI\b/g, 'they')
    .replace(/\bme\b/g, 'them')
    .replace(/\bmy\b/g, 'their')
    .replace(/\bmine\b/g, 'theirs')
    .replace(/\bus\b/g, 'them')
    .replace(/\bour\b/g, 'their')
    .replace(/\bwe\b/g, 'they');
}

/** "Could you X?" -> "<name> asks you to X." and friends; null when the sentence has another shape. */
function rephraseAsk(name: string, sentence: string): string | null {
  // A leading clause ("When you're back, can you ...") moves to the end.
  const lead = sentence.match(/^([^,]{3,60}),\s+((?:could|can|would|will) you\b.*)$/i);
  const core = lead?.[2] ?? sentence;
  const tail = lead?.[1] ? ` ${lowerFirst(lead[1])}` : '';
  const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
    [
      /^(?:could|can|would|will) you,? or ((?:someone|anyone|somebody)(?: (?:on|from|in) (?:your|the) \w+| else| you (?:trust|name|designate))?),? (.+?)[?.!]*$/i,
      (m) => `asks you or ${swapPronouns(m[1] ?? '')} to ${swapPronouns(m[2] ?? '')}`,
    ],
    [
      /^(?:could|can|would|will) you (?:please |kindly )?(?:have|find) (?:the |some )?time to (.+?)[?.!]*$/i,
      (m) => `asks you to ${swapPronouns(m[1] ?? '')}`,
    ],
    [
      /^(?:could|can|would|will) you (?:please |kindly )?(?:also )?(?!be\b)(.+?)[?.!]*$/i,
      (m) => `asks you to ${swapPronouns(m[1] ?? '')}`,
    ],
    [/^would you be (.+?)[?.!]*$/i, (m) => `asks whether you would be ${swapPronouns(m[1] ?? '')}`],
    [/^please (.+?)[.!]*$/i, (m) => `asks you to ${swapPronouns(m[1] ?? '')}`],
    [
      /^(?:i|we) (?:really |still |just )?need you to (.+?)[.!]*$/i,
      (m) => `needs you to ${swapPronouns(m[1] ?? '')}`,
    ],
    [/^(?:i|we) (?:really |still |just )?need (your .+?)[.!]*$/i, (m) => `needs ${swapPronouns(m[1] ?? '')}`],
    [/^(?:just )?let me know (.+?)[.!]*$/i, (m) => `asks you to let them know ${swapPronouns(m[1] ?? '')}`],
  ];
  for (const [re, fn] of patterns) {
    const m = core.match(re);
    if (m) return `${name} ${fn(m)}${tail}`;
  }
  if (/\?$/.test(sentence)) return `${name} asks: ${sentence}`;
  return null;
}

/** One sentence: internal sentence breaks become semicolons; cut at a word boundary. */
function finish(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  const parts = joinDayMonth(
    s
      .split(/(?<=[.!?])(?<!\b(?:Co|Inc|Ltd|Dr|Mr|Ms|Mrs|St|vs|e\.g|i\.e|approx|No)\.)\s+(?=\p{Lu}\p{Ll})/u)
      .filter((p) => p.trim() !== ''),
  );
  if (parts.length > 1) {
    s = parts.map((p, i) => (i < parts.length - 1 ? p.replace(/[.!…]+$/, '') : p)).join('; ');
  }
  if (s.length > MAX_LENGTH) {
    const cut = s.slice(0, MAX_LENGTH - 1);
    const space = cut.lastIndexOf(' ');
    return `${(space > 120 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
  }
  if (!/[.!?…]$/.test(s)) s += '.';
  return s;
}

interface Item {
  raw: string;
  text: string;
  index: number;
}

function notSubject(subject: string, text: string): boolean {
  const a = normalizeSubject(subject)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const b = normalizeSubject(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return a === '' || a !== b;
}

function pick(list: Item[], score: (i: Item) => number): Item | undefined {
  let best: Item | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const item of list) {
    const s = score(item) - item.index * 0.01;
    if (s > bestScore) {
      best = item;
      bestScore = s;
    }
  }
  return best;
}

function informationScore(i: Item): number {
  let score = 0;
  if (i.text.length >= 30) score += 1;
  if (/\d/.test(i.text)) score += 0.3;
  if (KEY_VALUE_LINE.test(i.raw)) score -= 1.2;
  if (/:\s*$/.test(i.raw)) score -= 0.3;
  if (/^[^a-z]*$/.test(i.text)) score -= 1;
  if (/\b(?:i'?m just|just so you|wanted to let you know|just making it)\b/i.test(i.text)) score -= 0.8;
  return score;
}

/** The one-sentence summary of a message for the return playbook. Never empty. */
export function buildSummary(message: TriageMessage, signals: Signals, category: Category): string {
  const name = callName(signals.senderName, signals.fromAddress);
  const clean = makeCleaner(signals.ownerNames);
  const items: Item[] = signals.body
    .map((raw, index) => ({ raw, text: clean(raw), index }))
    .filter((i) => i.text.length >= 3 && /\p{L}{2}/u.test(i.text) && notSubject(message.subject, i.text));
  const usable = items.filter(
    (i) => i.text.length >= 12 && !anyMatch(i.raw, BOILERPLATE_LINE) && !PLEASANTRY.test(i.raw),
  );
  const informative = usable.filter((i) => !(anyMatch(i.raw, NO_ACTION) && i.text.length < 80));
  const field = signals.automated ? keyField(items) : undefined;
  // A system's first line is its headline ("Build failed", "This event has been changed").
  const headline = signals.automated
    ? usable.find((i) => !KEY_VALUE_LINE.test(i.raw) && i.text.length >= 10)
    : undefined;
  const bestInfo = (before?: number): Item | undefined => {
    const pool =
      before === undefined ? informative.slice(0, 4) : informative.filter((i) => i.index < before).slice(-2);
    return pick(pool, informationScore);
  };

  let sentence: string | null = null;
  if (signals.isOwnSender) {
    const info = bestInfo() ?? usable[0];
    if (info) sentence = `Note to self: ${info.text}`;
  } else if (signals.bounce) {
    const failed = usable.find((i) =>
      /\b(?:could ?n[o']t be delivered|(?:was ?n[o']t|was not) delivered|undeliver|delivery .{0,30}(?:failed|delayed)|has been delayed|nicht zugestellt|no se pudo entregar|n'a pas pu être)/i.test(
        i.raw,
      ),
    );
    const recipient = signals.newText.match(/<?([\w.+-]+@[\w.-]+\.\w+)>?/)?.[1];
    const what = (failed?.text ?? 'a message could not be delivered').replace(/[.:!]+$/, '');
    sentence = `${name}: ${what}${recipient && !what.includes(recipient) ? ` (${recipient})` : ''}`;
  } else if (signals.autoReply) {
    const away = usable.find((i) =>
      /\b(?:until|back on|return|bis|zurück|hasta|jusqu|vuelvo|de retour|absent|out of (?:the )?office)\b/i.test(
        i.raw,
      ),
    );
    const info = away ?? bestInfo();
    sentence = `${name} (automatic reply): ${info?.text ?? 'away from the office'}`;
  } else if (category === 'urgent' || category === 'action_required') {
    const askTexts = new Set(signals.askSentences);
    const asks = usable.filter((i) => askTexts.has(i.raw));
    const ask = pick(asks, (i) => {
      let s = 0;
      if (DEADLINE_WORDS.test(i.raw)) s += 1;
      if (/^(?:\S+,\s*)?(?:could|can|would|will|please)\b/i.test(i.text)) s += 1.25;
      if (/\b(?:must|need|needs|required)\b/i.test(i.raw)) s += 0.25;
      if (i.text.length >= SHORT) s += 0.5;
      return s;
    });
    if (ask) {
      let text = ask.text;
      if (/:\s*$/.test(ask.raw)) {
        // "Two things I need from you:" is followed by the list that says what.
        const following = items
          .filter((i) => i.index > ask.index && /^\s*(?:[-*•·▪]|\d{1,2}[.)]|[a-z][)])\s/.test(i.raw))
          .slice(0, 2);
        if (following.length) {
          const items = following.map((i) =>
            i.text.replace(/[.;]+$/, '').replace(/^[\p{Lu}](?=[\p{Ll}\s])/u, (c) => c.toLowerCase()),
          );
          text = `${text}: ${items.join('; ')}`;
        }
      }
      if (text.length < SHORT) {
        const context = field ?? bestInfo(ask.index)?.text ?? bestInfo()?.text;
        sentence =
          context && context !== text
            ? `${name}: ${context.replace(/[.!:]+$/, '')} — ${lowerFirst(text)}`
            : `${name}: ${text}`;
      } else {
        sentence = rephraseAsk(name, text) ?? `${name}: ${text}`;
      }
    } else {
      const info =
        field ??
        pick(informative.slice(0, 5), (i) => informationScore(i) + (DEADLINE_WORDS.test(i.raw) ? 1 : 0))
          ?.text;
      const followUp = /\b(?:nudge|following up|follow up|reminder|bump|circling back|chasing)\b/i.test(
        signals.newText,
      );
      if (info)
        sentence = followUp ? `${name} follows up on an earlier request: ${info}` : `${name}: ${info}`;
    }
  } else if (category === 'resolved') {
    const settled = pick(
      usable,
      (i) => (anyMatch(i.raw, SETTLED_STRONG) ? 2 : 0) + (anyMatch(i.raw, SETTLED_TAKEOVER) ? 1.5 : 0),
    );
    if (settled) {
      const next = usable.find((i) => i.index === settled.index + 1 && !anyMatch(i.raw, NO_ACTION));
      sentence =
        settled.text.length < SHORT && next
          ? `${name}: ${settled.text.replace(/[.!]+$/, '')} — ${lowerFirst(next.text)}`
          : `${name}: ${settled.text}`;
    }
  } else if (category === 'promotional') {
    const offer = pick(usable, (i) => countMatches(i.raw, PROMO) + (i.text.length >= 25 ? 0.5 : -0.5));
    if (offer) sentence = `${name} (promotion): ${offer.text}`;
  } else if (category === 'newsletter') {
    const lead = usable.find((i) => i.text.length >= 40 && !/^[^a-z]*$/.test(i.text)) ?? usable[0];
    if (lead) sentence = `${name} (newsletter): ${lead.text}`;
  } else {
    const info = field ?? headline?.text ?? bestInfo()?.text ?? usable[0]?.text ?? items[0]?.text;
    if (info) sentence = `${name}: ${info}`;
  }

  if (!sentence) {
    const kind =
      category === 'newsletter'
        ? 'a newsletter issue'
        : category === 'promotional'
          ? 'a promotional message'
          : signals.automated
            ? 'an automated notification'
            : 'a message with no readable text';
    sentence = `${name} sent ${kind}`;
  }
  return finish(sentence);
}
