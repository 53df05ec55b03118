import { newMessageId, type OutgoingMail } from './outgoing-mail.ts';

/** What the backup contact learns of one message: never its body, only triage's summary. */
export interface EscalatedMessage {
  fromAddress: string;
  fromName: string | null;
  subject: string;
  summary: string;
  /** The category in words ("Urgent", "Action required"). */
  category: string;
  /** When it arrived, already written in the owner's time zone. */
  received: string;
  /** The deadline triage read in it, already written in the owner's time zone; null when none. */
  deadline: string | null;
  /** The message in the owner's dashboard; null when the server does not know its public address. */
  link: string | null;
}

export interface EscalationMailInput {
  owner: { address: string; name: string };
  contact: { address: string; name: string };
  message: EscalatedMessage;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const senderOf = ({ fromName, fromAddress }: EscalatedMessage) =>
  fromName ? `${fromName} <${fromAddress}>` : fromAddress || '(unknown sender)';

const subjectOf = (message: EscalatedMessage) => message.subject.trim() || '(no subject)';

/** The facts, in the order both parts show them. */
function facts(message: EscalatedMessage): [string, string][] {
  return [
    ['From', senderOf(message)],
    ['Subject', subjectOf(message)],
    ['Received', message.received],
    ['Category', message.category],
    ['Deadline', message.deadline ?? 'none stated'],
    ['Summary', message.summary],
  ];
}

/**
 * The one mail a backup contact gets about a thread while the owner is away: who wrote, about
 * what, triage's one-sentence summary, the deadline and a link to the message in the dashboard.
 * Marked auto-generated so that no auto-responder answers it.
 */
export function composeEscalationMail({ owner, contact, message }: EscalationMailInput): OutgoingMail {
  const intro = `${owner.name} is out of office and asked Drift to pass on mail like this one to you while they are away.`;
  const outro = `You get one mail like this per conversation. Drift never forwards the message itself: it stays in ${owner.name}'s mailbox.`;
  const width = Math.max(...facts(message).map(([label]) => label.length)) + 2;
  const text =
    `Hello ${contact.name},\n\n${intro}\n\n` +
    facts(message)
      .map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`)
      .join('\n') +
    '\n\n' +
    (message.link ? `Open it in Drift: ${message.link}\n\n` : '') +
    `${outro}\n`;
  const rows = facts(message)
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto;line-height:1.5">` +
    `<p>Hello ${escapeHtml(contact.name)},</p>` +
    `<p>${escapeHtml(intro)}</p>` +
    `<table role="presentation" style="border-collapse:collapse">${rows}</table>` +
    (message.link ? `<p><a href="${escapeHtml(message.link)}">Open it in Drift</a></p>` : '') +
    `<p style="color:#555">${escapeHtml(outro)}</p>` +
    `</body></html>`;
  return {
    from: { address: owner.address, name: `Drift for ${owner.name}` },
    to: contact.address,
    subject: `[${message.category}] ${subjectOf(message)} (for ${owner.name}, who is away)`,
    text,
    html,
    messageId: newMessageId(owner.address),
    // Generated mail: auto-responders, the contact's own out-of-office included, must not answer it.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    envelopeFrom: '',
  };
}
