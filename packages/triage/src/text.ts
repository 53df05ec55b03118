// Text helpers shared by the classifier and the summary: subject normalisation, new-text
// extraction (quoted history and signatures removed) and sentence splitting.

const SUBJECT_PREFIX =
  /^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw|odp|enc|res|ref|r|f|rif|i|vb|doorst|回复|回覆|答复|转发|轉寄)(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]\s*)+/i;
const LEADING_TAGS = /^\s*((?:\[[^\]]*\]\s*)+)/;

/**
 * Strips reply/forward prefixes (English, German, French, Spanish, Nordic, Dutch, Italian,
 * Chinese...) repeatedly, also when they follow leading [list] tags, keeps the tags, folds
 * whitespace and lower-cases, so that every message of a conversation maps to one key.
 */
export function normalizeSubject(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  let tags = '';
  for (;;) {
    const before = rest;
    rest = rest.replace(SUBJECT_PREFIX, '');
    const tagMatch = rest.match(LEADING_TAGS);
    if (tagMatch?.[1]) {
      const afterTags = rest.slice(tagMatch[0].length);
      const stripped = afterTags.replace(SUBJECT_PREFIX, '');
      if (stripped !== afterTags) {
        tags += `${tagMatch[1].trim()} `;
        rest = stripped;
      }
    }
    if (rest === before) break;
  }
  return `${tags}${rest}`.replace(/\s+/g, ' ').trim().toLowerCase();
}

// "On <date>, <name> wrote:" in the languages the corpus and our users write in; the attribution
// may be wrapped over two lines by the sending client.
const ATTRIBUTION =
  /^(?:on\s.{4,300}\swrote|am\s.{4,300}\sschrieb\s.{0,200}|el\s.{4,300}\sescribió|le\s.{4,300}\sa\s+écrit|op\s.{4,300}\sschreef|il\s.{4,300}\sha\s+scritto|em\s.{4,300}\sescreveu|den\s.{4,300}\sskrev)\s*:\s*$/i;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|mensaje original|message d'origine|messaggio originale|oorspronkelijk bericht)\s*-{2,}\s*$/i;
const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|mensaje reenviado|message transféré|messaggio inoltrato|doorgestuurd bericht)\s*-{2,}|begin forwarded message:|anfang der weitergeleiteten nachricht:|inicio del mensaje reenviado:|début du message réexpédié :?)\s*$/i;
const HEADER_LINE = /^\s*\*?(?:from|von|de|da|van|fra)\s?:\s*\*?\s*\S/i;
const HEADER_FOLLOW =
  /^\s*\*?(?:sent|date|gesendet|datum|enviado|fecha|envoyé|date|inviato|verzonden|subject|betreff|asunto|objet|to|an|para|à)\s?:/i;
const RULE_LINE = /^\s*_{10,}\s*$/;

const MOBILE_FOOTER =
  /^\s*(?:sent from my \w+(?: \w+)?|sent from (?:outlook|mail) for \w+|get outlook for \w+|von meinem \w+ gesendet|enviado desde mi \w+|envoyé de mon \w+|inviato da iphone)\.?\s*$/i;
const CLOSING =
  /^\s*(?:best|best regards|best wishes|all the best|regards|kind regards|warm regards|warmly|many thanks|thanks(?: again)?|thank you(?: so much)?|thanks so much|cheers|sincerely|yours|talk soon|take care|viele grüße|beste grüße|liebe grüße|lg|gruß|grüße|mit freundlichen grüßen|freundliche grüße|saludos|un saludo|muchas gracias|gracias|atentamente|un abrazo|cordialement|bien à vous|bien cordialement|merci|merci beaucoup|bises|à bientôt)\s*[,.!]*\s*$/i;
const SIGNATURE_DELIMITER = /^--\s?$/;

function isQuoted(line: string): boolean {
  return /^\s*>/.test(line);
}

function findAttribution(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ATTRIBUTION.test(line.trim())) return i;
    const joined = `${line.trim()} ${(lines[i + 1] ?? '').trim()}`;
    if (/^(?:on|am|el|le|op|il|em|den)\s/i.test(line.trim()) && ATTRIBUTION.test(joined)) return i;
  }
  return -1;
}

function findOutlookHeader(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ORIGINAL_MESSAGE.test(line)) return i;
    if (RULE_LINE.test(line) && HEADER_LINE.test(lines[i + 1] ?? '')) return i;
    if (HEADER_LINE.test(line)) {
      const next = lines.slice(i + 1, i + 5);
      if (next.filter((l) => HEADER_FOLLOW.test(l)).length >= 2) return i;
    }
  }
  return -1;
}

/** Removes the signature block: "-- ", mobile footers, and a closing line followed only by a short sign-off. */
function stripSignature(lines: string[]): string[] {
  let out = [...lines];
  const delimiter = out.findIndex((l) => SIGNATURE_DELIMITER.test(l));
  if (delimiter >= 0) out = out.slice(0, delimiter);
  out = out.filter((l) => !MOBILE_FOOTER.test(l));
  for (let i = 0; i < out.length; i++) {
    if (!CLOSING.test(out[i] ?? '')) continue;
    const rest = out.slice(i + 1).filter((l) => l.trim() !== '');
    if (rest.length <= 8 && rest.every((l) => l.trim().length <= 80)) {
      out = out.slice(0, i);
      break;
    }
  }
  // A lone name or initial closing the message ("Ben", "M", "T.") is a sign-off, not content.
  while (out.length > 0 && (out[out.length - 1] ?? '').trim() === '') out.pop();
  const last = (out[out.length - 1] ?? '').trim();
  if (
    out.length > 1 &&
    /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2}\.?$/u.test(last) &&
    last.length <= 30
  ) {
    out.pop();
  }
  return out;
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return lines.slice(start, end);
}

function forwardedBody(lines: string[]): string[] {
  // Drop the forwarded message's own header lines and quote markers, keep its text.
  const body = lines.map((l) => l.replace(/^\s*>\s?/, ''));
  let i = 0;
  while (i < body.length && (body[i]?.trim() === '' || /^\s*\*?[\p{L}-]{2,12}\s?:/u.test(body[i] ?? ''))) i++;
  return body.slice(i);
}

/**
 * The text the sender wrote in this message: quoted history ("On ... wrote:", "> " lines,
 * Outlook "From:/Sent:" blocks, "-----Original Message-----") and the signature are removed.
 * A forwarded message is cut off when the forward carries its own text, and kept (without its
 * header lines) when the forward has none, since then the forwarded text is the message.
 */
export function extractNewText(text: string): string {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');

  const forward = lines.findIndex((l) => FORWARD_MARKER.test(l));
  const cuts = [findAttribution(lines), findOutlookHeader(lines)].filter((i) => i >= 0);
  const historyCut = cuts.length > 0 ? Math.min(...cuts) : -1;

  if (forward >= 0 && (historyCut < 0 || forward < historyCut)) {
    const own = trimBlank(stripSignature(lines.slice(0, forward).filter((l) => !isQuoted(l))));
    if (own.join('').trim() === '') {
      const forwarded = lines.slice(forward + 1);
      const inner = extractNewText(forwardedBody(forwarded).join('\n'));
      return inner;
    }
    lines = lines.slice(0, forward);
  } else if (historyCut >= 0) {
    lines = lines.slice(0, historyCut);
  }

  lines = lines.filter((l) => !isQuoted(l));
  return trimBlank(stripSignature(lines))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

const LIST_ITEM = /^\s*(?:[-*•·▪]|\d{1,2}[.)]|[a-z][)]|\[[ xX]\])\s+/;
const KEY_VALUE = /^\s*[\p{L}][\p{L}\d .()/&-]{0,24}:\s+\S/u;
const TIME_LINE = /^\s*\d{1,2}:\d{2}\b/;
const SHOUTING = /^[^a-z]*[A-Z][^a-z]{5,}$/;

/**
 * Logical text units: paragraphs with hard wraps undone, and list items, "Key: value" tables and
 * headings kept apart, so that sentence splitting sees one thought per unit whatever the
 * sender's line length.
 */
export function textUnits(text: string): string[] {
  const units: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = para.split('\n').filter((l) => l.trim() !== '');
    // A block of "Key: value" or timestamped lines is a table: every line is its own unit.
    const tabular =
      lines.length >= 2 && lines.filter((l) => KEY_VALUE.test(l) || TIME_LINE.test(l)).length >= 2;
    let current = '';
    for (const raw of lines) {
      const line = raw.trim();
      const breakBefore =
        tabular ||
        LIST_ITEM.test(raw) ||
        /:\s*$/.test(current) ||
        SHOUTING.test(line) ||
        SHOUTING.test(current);
      if (breakBefore) {
        if (current) units.push(current);
        current = line;
      } else {
        current = current ? `${current} ${line}` : line;
      }
    }
    if (current) units.push(current);
  }
  return units;
}

const MONTH_WORD =
  /^(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)/i;

/** Re-joins split pieces where a day number with a dot met a month ("bis zum 24. April"). */
export function joinDayMonth(parts: string[]): string[] {
  const merged: string[] = [];
  for (const part of parts) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && /(?:^|\s)\d{1,2}\.$/.test(prev) && MONTH_WORD.test(part)) {
      merged[merged.length - 1] = `${prev} ${part}`;
    } else {
      merged.push(part);
    }
  }
  return merged;
}

/** Sentences of a text, after undoing hard wraps. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const unit of textUnits(text)) {
    const parts = unit.split(/(?<=[.!?…]["'”’)]?)\s+(?=[\p{Lu}¿¡"'“(\d])/u);
    const merged = joinDayMonth(parts);
    for (const s of merged) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}
