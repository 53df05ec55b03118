import { FeatureBag, type SparseVector, textFeatureNames } from './learn/sparse.ts';
import { headerValues, type SpamVerdict, type TriageMessage } from './types.ts';

// Spam: what upstream filters already said (verdict headers), and the content model's view of
// the subject and body. Headers other than the verdicts are left out of the content model on
// purpose: they tell which mailbox a message came from, not whether it is spam.

export const SPAM_BUCKETS = 1 << 18;
/** Long bodies say nothing more about spam than their start; reading less keeps triage fast. */
const BODY_CHARS = 4000;

/** "5", "7.5" or "-1" at the start or after "score=" / "hits=". */
function leadingNumber(value: string): number | null {
  const m = value.match(/(?:^|\b(?:score|hits)=)\s*(-?\d+(?:\.\d+)?)/i);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/**
 * The spam verdict of the relays the message passed: SpamAssassin (`X-Spam-Flag: YES`,
 * `X-Spam-Status: Yes`), the plain `X-Spam: yes`, rspamd (`X-Rspamd-Action`), Exchange Online
 * (`X-MS-Exchange-Organization-SCL` and `SCL:` in `X-Forefront-Antispam-Report`, 5 and up is
 * spam), Barracuda (`X-Barracuda-Spam-Status: Yes`) and Proofpoint (`X-Proofpoint-Spam-Details:
 * rule=spam`). Null when none of them says spam.
 */
export function upstreamSpamVerdict(message: TriageMessage): SpamVerdict | null {
  const yes = (name: string) => headerValues(message, name).some((v) => /^\s*yes\b/i.test(v));
  for (const name of ['x-spam-flag', 'x-spam-status', 'x-spam', 'x-barracuda-spam-status']) {
    if (yes(name)) return { isSpam: true, source: name };
  }
  if (
    headerValues(message, 'x-rspamd-action').some((v) =>
      /^\s*(?:reject|add header|rewrite subject)\b/i.test(v),
    )
  ) {
    return { isSpam: true, source: 'x-rspamd-action' };
  }
  const scl = [
    ...headerValues(message, 'x-ms-exchange-organization-scl').map(leadingNumber),
    ...headerValues(message, 'x-forefront-antispam-report').map((v) => {
      const m = v.match(/\bSCL:(-?\d+)/i);
      return m?.[1] === undefined ? null : Number(m[1]);
    }),
  ];
  if (scl.some((n) => n !== null && n >= 5)) return { isSpam: true, source: 'spam confidence level' };
  if (headerValues(message, 'x-proofpoint-spam-details').some((v) => /\brule=spam\b/i.test(v))) {
    return { isSpam: true, source: 'x-proofpoint-spam-details' };
  }
  return null;
}

/** Shape of the text that survives translation: shouting, money, links, exclamation. */
function shapeNames(subject: string, body: string): string[] {
  const names: string[] = [];
  const letters = `${subject} ${body}`.match(/\p{L}/gu)?.length ?? 0;
  const upper = `${subject} ${body}`.match(/\p{Lu}/gu)?.length ?? 0;
  const ratio = letters === 0 ? 0 : upper / letters;
  names.push(`shape:upper${ratio > 0.5 ? 'most' : ratio > 0.25 ? 'many' : ratio > 0.1 ? 'some' : 'few'}`);
  const links = body.match(/https?:\/\/|www\./gi)?.length ?? 0;
  names.push(`shape:links${Math.min(links, 5)}`);
  const money = `${subject} ${body}`.match(/[$€£]\s?\d/g)?.length ?? 0;
  names.push(`shape:money${Math.min(money, 3)}`);
  const bangs = `${subject} ${body}`.match(/!/g)?.length ?? 0;
  names.push(`shape:bangs${Math.min(bangs, 5)}`);
  if (/!{2,}|\$\$/.test(subject)) names.push('shape:subjectShouts');
  if (subject.trim() === '') names.push('shape:noSubject');
  return names;
}

/** What the content spam model reads: subject and body words, their character n-grams, and shape. */
export function spamFeatures(subject: string, body: string): SparseVector {
  const text = body.slice(0, BODY_CHARS);
  const bag = new FeatureBag(SPAM_BUCKETS);
  bag.add('bias');
  for (const name of shapeNames(subject, text)) bag.add(name);
  bag.addNormalised(textFeatureNames(subject, 's'), 1);
  bag.addNormalised(textFeatureNames(text, 't'), 1);
  return bag.toVector();
}
