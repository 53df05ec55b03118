import { isValidZone } from '@drift/domain/time-zone';
import { detectDeadline } from './deadline.ts';
import {
  ASK_STRONG,
  ASK_WEAK,
  AUTO_REPLY_SUBJECT,
  anyMatch,
  BOILERPLATE_LINE,
  BOUNCE_SUBJECT,
  COLD_PITCH,
  countMatches,
  EDITORIAL,
  FAILURE_WORDS,
  INCIDENT,
  NO_ACTION,
  PERSONAL_NOTIFICATION,
  PROMO,
  RELAXED,
  ROBOT_LOCAL,
  SETTLED_STRONG,
  SETTLED_TAKEOVER,
  STAKES,
  URGENT_NEGATED,
  URGENT_WORDS,
} from './lexicon.ts';
import { extractNewText, sentences } from './text.ts';
import {
  headerValues,
  ownAddressSet,
  type TriageAddress,
  type TriageMessage,
  type TriageSettings,
} from './types.ts';
import { offsetZoneOfDateHeader } from './zone.ts';

// Feature extraction: everything the decision rules in classify.ts look at, computed once.

export interface Signals {
  fromAddress: string;
  senderName: string;
  isOwnSender: boolean;
  isVip: boolean;
  isExternal: boolean;
  /** A colleague writing from their own mailbox (owner's domain, address matching the name). */
  internalPerson: boolean;
  /** The owner is in To (directly or via a group address they belong to). */
  ownerInTo: boolean;
  ownerAddressed: boolean;
  toIsGroup: boolean;
  ownerNames: string[];

  autoSubmitted: boolean;
  robotSender: boolean;
  nullReturnPath: boolean;
  listHeaders: boolean;
  precedenceBulk: boolean;
  bulkMailer: boolean;
  spam: boolean;
  /** An unsubscribe/opt-out footer: broadcast mail even when the sender set no List-* header. */
  unsubscribeFooter: boolean;
  importanceHigh: boolean;
  autoReply: boolean;
  bounce: boolean;
  automated: boolean;
  bulk: boolean;

  subject: string;
  newText: string;
  /** Sentences of the new text without notification boilerplate. */
  body: string[];
  askScore: number;
  askSentences: string[];
  noAction: boolean;
  relaxed: boolean;
  followUpPressure: boolean;
  mentionsOwner: boolean;

  promo: number;
  editorial: number;
  cold: number;
  incident: number;
  stakes: number;
  personalNotification: boolean;
  failureWords: boolean;
  settledStrong: boolean;
  settledTakeover: boolean;
  keywordHit: boolean;
  /** "ASAP", "right away", "dringend"... (negated forms such as "not urgent" do not count). */
  urgentWords: boolean;
  /** An ask sentence itself says "today"/"tonight": a same-day deadline even without "by". */
  sameDayAsk: boolean;

  deadline: Date | null;
  hoursToDeadline: number | null;
}

const NOTIFIER_LOCAL =
  /^(?:notifications?|notify|alerts?|jira|calendar|ci|builds?|bot|automation|system|mailer|robot|daemon|monitoring|status|reports?|reminders?)(?:[._+-].*)?$/i;

function localPart(address: string): string {
  return address.split('@')[0] ?? '';
}

function domainOf(address: string): string {
  return (address.split('@')[1] ?? '').toLowerCase();
}

const GROUP_WORDS =
  /\b(?:team|all|list|group|everyone|staff|leads?|managers?|engineering|eng|recipients|members|department|dept|committee|board|support|ops|info|office)\b/i;

/** A list or role address (eng-leads@, everyone@, support@) rather than one person's mailbox. */
function isGroupAddress(a: TriageAddress): boolean {
  const local = localPart(a.address);
  if (a.name && GROUP_WORDS.test(a.name)) return true;
  if (a.name && /^[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’.-]+)+$/u.test(a.name.trim())) return false;
  return /-/.test(local) || GROUP_WORDS.test(local.replace(/[._+]/g, ' '));
}

function ownerNamesOf(msg: TriageMessage, own: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const a of [...msg.to, ...msg.cc]) {
    if (!own.has(a.address)) continue;
    const first = a.name?.trim().split(/\s+/)[0];
    if (first && first.length >= 2) names.add(first.toLowerCase());
    if (a.name) names.add(a.name.trim().toLowerCase());
  }
  for (const addr of own) {
    const first = localPart(addr).split(/[._+-]/)[0];
    if (first && first.length >= 2) names.add(first.toLowerCase());
  }
  return [...names];
}

function senderDisplayName(msg: TriageMessage): string {
  const raw = (msg.from?.name ?? '').replace(/^["']|["']$/g, '').trim();
  // "Hannah Lee via DocSign", "Ben Okafor (Jira)": the person behind a notification service.
  const person = raw
    .replace(/\s+via\s+.+$/i, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim();
  if (person) return person;
  const local = localPart(msg.from?.address ?? '');
  return local || 'The sender';
}

/** The address belongs to the person named ("Keisha Daniels" <keisha.daniels@...>). */
function personalMailbox(from: TriageAddress | null): boolean {
  if (!from?.name) return false;
  const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = plain(from.name)
    .replace(/\s*\([^)]*\)|\s+via\s+.*$/g, '')
    .split(/\s+/)
    .filter((w) => w.length >= 2);
  const local = plain(localPart(from.address));
  const first = words[0] ?? '';
  return (
    words.length >= 2 &&
    first.length >= 2 &&
    local.includes(first) &&
    !ROBOT_LOCAL.test(local) &&
    !NOTIFIER_LOCAL.test(local) &&
    !/-/.test(local)
  );
}

function keywordRegex(keyword: string): RegExp | null {
  const k = keyword.trim();
  if (!k) return null;
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The owner's first urgent keyword the subject or new text contains, as the owner wrote it. */
export function matchedKeyword(msg: TriageMessage, settings: TriageSettings): string | null {
  const text = `${msg.subject.trim()}\n${extractNewText(msg.text)}`;
  return settings.urgentKeywords.find((k) => keywordRegex(k)?.test(text) ?? false)?.trim() ?? null;
}

/** The sentence is addressed by name to someone other than the owner ("Priya, are you OK ...?"). */
function vocativeToOther(sentence: string, ownerNames: string[], otherNames: string[]): boolean {
  const m = sentence.match(/^([\p{Lu}][\p{L}'’-]+)\s*,/u);
  if (!m?.[1]) return false;
  const name = m[1].toLowerCase();
  if (ownerNames.includes(name)) return false;
  return otherNames.includes(name);
}

// Social invitations are not tasks ("Please join me in welcoming ...").
const SOCIAL =
  /\bjoin (?:me|us) in (?:welcoming|congratulating|thanking|celebrating)\b|\bsay hi\b|\bplease welcome\b/i;

function sentenceAskScore(s: string): number {
  if (anyMatch(s, NO_ACTION) || SOCIAL.test(s)) return 0;
  // "If anything's wrong, let me know" is an offer; "If you could send it by Friday" is a polite ask.
  const conditional =
    (/^(?:if|falls|wenn|si|in case)\b/i.test(s) &&
      !/^if (?:you (?:can|could)|(?:we|i) (?:can't|cannot|don't|do not|haven't))\b/i.test(s)) ||
    /\blet me know if\b/i.test(s);
  let score = 0;
  if (anyMatch(s, ASK_STRONG)) score = 3;
  else if (/\?\s*$/.test(s))
    score = /\b(?:you|your|we|us|du|dir|dich|sie|wir|usted|tú|te|podemos|vous|tu|nous)\b/i.test(s) ? 2 : 1.5;
  else score = Math.min(3, countMatches(s, ASK_WEAK)) * 0.75;
  if (/\?\s*$/.test(s) && score < 2 && /[¿]/.test(s)) score = 2;
  return conditional ? score / 2 : score;
}

export interface SignalContext {
  receivedAt: Date;
  settings: TriageSettings;
}

export function computeSignals(msg: TriageMessage, { receivedAt, settings }: SignalContext): Signals {
  const own = ownAddressSet(settings);
  const ownDomains = new Set([...own].map(domainOf));
  const vips = new Set(settings.vipSenders.map((a) => a.trim().toLowerCase()));
  const fromAddress = msg.from?.address.toLowerCase() ?? '';
  const fromLocal = localPart(fromAddress);

  const ownerInToDirect = msg.to.some((a) => own.has(a.address));
  const ownerInCc = msg.cc.some((a) => own.has(a.address));
  const toIsGroup = msg.to.length > 0 && msg.to.every(isGroupAddress);
  const ownerNames = ownerNamesOf(msg, own);
  const otherNames = [...msg.to, ...msg.cc, ...(msg.from ? [msg.from] : [])]
    .filter((a) => !own.has(a.address))
    .flatMap((a) => [a.name?.trim().split(/\s+/)[0]?.toLowerCase(), localPart(a.address).split(/[._-]/)[0]])
    .filter((n): n is string => Boolean(n && n.length >= 2));

  const autoSubmittedValue = headerValues(msg, 'auto-submitted')[0]?.trim().toLowerCase();
  const autoSubmitted =
    autoSubmittedValue !== undefined && autoSubmittedValue !== '' && !autoSubmittedValue.startsWith('no');
  const robotSender = ROBOT_LOCAL.test(fromLocal);
  const nullReturnPath = msg.returnPath === '';
  const listHeaders = Object.keys(msg.headers).some((h) => h.startsWith('list-'));
  const precedenceBulk = headerValues(msg, 'precedence').some((v) => /^(?:bulk|list|junk)\b/i.test(v.trim()));
  const bulkMailer =
    headerValues(msg, 'x-mailer').some((v) =>
      /bulk|mass|campaign|mailchimp|sendgrid|mailerlite|hubspot|marketo|sendinblue|brevo/i.test(v),
    ) ||
    headerValues(msg, 'x-campaign').length > 0 ||
    headerValues(msg, 'x-campaign-id').length > 0 ||
    headerValues(msg, 'feedback-id').length > 0;
  const spam = headerValues(msg, 'x-spam-flag').some((v) => /^\s*yes/i.test(v));
  const importanceHigh =
    headerValues(msg, 'importance').some((v) => /high/i.test(v)) ||
    headerValues(msg, 'x-priority').some((v) => /^\s*[12]\b/.test(v)) ||
    headerValues(msg, 'priority').some((v) => /urgent/i.test(v));

  const subject = msg.subject.trim();
  const newText = extractNewText(msg.text);
  const allSentences = sentences(newText);
  const body = allSentences.filter((s) => !anyMatch(s, BOILERPLATE_LINE));
  const contentType = headerValues(msg, 'content-type')[0] ?? '';

  const autoReply =
    autoSubmittedValue === 'auto-replied' && !nullReturnPath && !ROBOT_LOCAL.test(fromLocal)
      ? true
      : AUTO_REPLY_SUBJECT.test(subject) ||
        headerValues(msg, 'x-autoreply').length > 0 ||
        headerValues(msg, 'x-autorespond').length > 0;
  const bounce =
    /multipart\/report/i.test(contentType) ||
    ((nullReturnPath || /^(?:mailer-daemon|postmaster)$/i.test(fromLocal)) && BOUNCE_SUBJECT.test(subject)) ||
    (/^(?:mailer-daemon|postmaster)/i.test(fromLocal) && BOUNCE_SUBJECT.test(subject));

  // Notification footers ("You are receiving this because you were mentioned") sit below the
  // signature delimiter, so the whole text is searched.
  const fullText = `${subject}\n${msg.from?.name ?? ''}\n${msg.text}`;
  const personalNotification = anyMatch(fullText, PERSONAL_NOTIFICATION);
  const automatedBody =
    /\bthis is an automated\b|\bautomated (?:message|reminder|notification|email)\b|\bthis message was sent by\b|\bsent by \w+ on behalf of\b|\bdo not reply\b/i.test(
      msg.text,
    );
  const viaService = /\s+via\s+\S+|\((?:jira|github|gitlab|confluence|slack|asana|linear)\)/i.test(
    msg.from?.name ?? '',
  );
  const automated =
    autoSubmitted ||
    robotSender ||
    nullReturnPath ||
    NOTIFIER_LOCAL.test(fromLocal) ||
    viaService ||
    automatedBody;
  const unsubscribeFooter =
    /\bunsubscribe\b|\bopt[- ]out\b|\bdarse de baja\b|\bdarte de baja\b|\bse désinscrire\b|\bdésabonner\b|\babbestellen\b|\babmelden\b/i.test(
      msg.text,
    );
  const bulk = listHeaders || precedenceBulk || bulkMailer || spam || unsubscribeFooter;

  // Ask detection: sentences addressed to someone else by name do not count, and on a message
  // that only copies the owner among named people, only sentences that name the owner count.
  const copiedOnly = !ownerInToDirect && !toIsGroup && !automated;
  let mentionsOwner = false;
  const scored: { s: string; score: number }[] = [];
  let addressedToOwner = false;
  const subjectScore =
    subject && !/^(?:re|aw|fwd?|wg|tr|rv)\s*:/i.test(subject) ? sentenceAskScore(subject) : 0;
  const ownerAlternation =
    ownerNames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)';
  const ownerMention = new RegExp(`(?<![\\p{L}])(?:${ownerAlternation})(?![\\p{L}])`, 'iu');
  // "that one needs Alex", "a question for Alex", "@alex": the owner as the one asked, not a
  // third person in a sentence meant for someone else ("Alex is out, can you cover?").
  const ownerAsked = new RegExp(
    `(?:\\b(?:needs?|for|from|asking|ask|to)\\s+|@)(?:${ownerAlternation})(?![\\p{L}])`,
    'iu',
  );
  for (const s of body) {
    const lower = s.toLowerCase();
    const namesOwner = ownerMention.test(lower);
    if (/^[\p{Lu}][\p{L}'’-]+\s*,/u.test(s)) {
      addressedToOwner =
        namesOwner && ownerNames.includes((s.match(/^([\p{L}'’-]+)/u)?.[1] ?? '').toLowerCase());
    }
    if (namesOwner) mentionsOwner = true;
    if (vocativeToOther(s, ownerNames, otherNames)) continue;
    if (copiedOnly && !addressedToOwner && !ownerAsked.test(lower)) continue;
    scored.push({ s, score: sentenceAskScore(s) });
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0]?.score ?? 0;
  const second = scored[1]?.score ?? 0;
  const askScore = Math.max(top + second / 2, copiedOnly ? 0 : subjectScore * 0.75 + top / 2);
  const askSentences = scored.filter((x) => x.score >= 1.5).map((x) => x.s);

  const bodyText = body.join('\n');
  const noAction = anyMatch(`${bodyText}\n${subject}`, NO_ACTION);
  const relaxed = anyMatch(bodyText, RELAXED);
  const followUpPressure =
    /\b(?:haven'?t heard back|have not heard back|still waiting|no response yet|second reminder|final reminder|following up again|chasing (?:this|again))\b/i.test(
      bodyText,
    );

  const editorialText = `${subject}\n${msg.from?.name ?? ''}\n${msg.text}`;
  const promo =
    countMatches(editorialText, PROMO) + (/[?&]utm_(?:campaign|source|medium)=/i.test(msg.text) ? 1 : 0);
  const editorial = countMatches(editorialText, EDITORIAL);
  const cold = countMatches(`${subject}\n${msg.text}`, COLD_PITCH);
  const incident = countMatches(`${subject}\n${bodyText}`, INCIDENT);
  const stakes = countMatches(`${subject}\n${bodyText}`, STAKES);
  const failureWords = FAILURE_WORDS.test(`${subject}\n${bodyText}`);
  const settledStrong = anyMatch(bodyText, SETTLED_STRONG);
  const settledTakeover = anyMatch(bodyText, SETTLED_TAKEOVER);
  const sameDayAsk = askSentences.some((a) =>
    /\b(?:today|tonight|this (?:morning|afternoon|evening)|heute|hoy|esta noche|aujourd'hui|ce soir)\b/i.test(
      a,
    ),
  );
  const urgentWords = anyMatch(`${subject}\n${bodyText}`.replace(URGENT_NEGATED, ' '), URGENT_WORDS);
  const keywordHit = settings.urgentKeywords.some(
    (k) => keywordRegex(k)?.test(`${subject}\n${newText}`) ?? false,
  );

  const senderZone = offsetZoneOfDateHeader(headerValues(msg, 'date')[0]);
  const zone = senderZone ?? (isValidZone(settings.timeZone) ? settings.timeZone : 'UTC');
  // Numeric dates ("3/9") follow the sender's convention: month first west of Greenwich; a
  // sender on UTC gives no hint, so the owner's zone decides.
  const monthFirst =
    senderZone && senderZone !== '+00:00' ? senderZone.startsWith('-') : /^America\//.test(settings.timeZone);
  const deadline = detectDeadline(`${subject}\n\n${body.join('\n')}`, receivedAt, zone, { monthFirst });
  const hoursToDeadline = deadline ? (deadline.getTime() - receivedAt.getTime()) / 3600000 : null;

  return {
    fromAddress,
    senderName: senderDisplayName(msg),
    isOwnSender: own.has(fromAddress),
    isVip: vips.has(fromAddress),
    isExternal: fromAddress !== '' && !ownDomains.has(domainOf(fromAddress)),
    internalPerson: ownDomains.has(domainOf(fromAddress)) && personalMailbox(msg.from),
    ownerInTo: ownerInToDirect || toIsGroup,
    ownerAddressed: ownerInToDirect || ownerInCc,
    toIsGroup,
    ownerNames,
    autoSubmitted,
    robotSender,
    nullReturnPath,
    listHeaders,
    precedenceBulk,
    bulkMailer,
    spam,
    unsubscribeFooter,
    importanceHigh,
    autoReply,
    bounce,
    automated,
    bulk,
    subject,
    newText,
    body,
    askScore,
    askSentences,
    noAction,
    relaxed,
    followUpPressure,
    mentionsOwner,
    promo,
    editorial,
    cold,
    incident,
    stakes,
    personalNotification,
    failureWords,
    settledStrong,
    settledTakeover,
    keywordHit,
    urgentWords,
    sameDayAsk,
    deadline,
    hoursToDeadline,
  };
}
