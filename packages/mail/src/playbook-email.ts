import { newMessageId, type OutgoingMail } from './outgoing-mail.ts';

/** The parts of a return playbook the email shows (structurally the playbook's wire shape). */
export interface PlaybookDigest {
  summary: string;
  action_items: DigestItem[];
  fyi_items: DigestItem[];
  resolved_items: DigestItem[];
  stats: { total_emails: number; filtered_emails: number; time_saved_minutes: number };
}

interface DigestItem {
  subject: string;
  from_email: string;
  from_name: string | null;
  summary: string;
  category: string;
  urgency_score: number;
  deadline: string | null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const sender = (item: DigestItem) => item.from_name ?? item.from_email;

function textSection(title: string, items: DigestItem[]): string {
  if (items.length === 0) return '';
  const lines = items.map((item) => {
    const due = item.deadline ? ` (due ${item.deadline.slice(0, 10)})` : '';
    return `- [${item.category === 'urgent' ? 'URGENT' : item.urgency_score}] ${sender(item)}: ${item.subject}${due}\n  ${item.summary}`;
  });
  return `${title}\n${lines.join('\n')}\n\n`;
}

function htmlSection(title: string, items: DigestItem[]): string {
  if (items.length === 0) return '';
  const rows = items
    .map((item) => {
      const due = item.deadline ? ` <small>(due ${escapeHtml(item.deadline.slice(0, 10))})</small>` : '';
      const badge = item.category === 'urgent' ? '<strong style="color:#b42318">URGENT</strong> ' : '';
      return `<li>${badge}<b>${escapeHtml(sender(item))}</b>: ${escapeHtml(item.subject)}${due}<br>${escapeHtml(item.summary)}</li>`;
    })
    .join('');
  return `<h2 style="font-size:16px">${escapeHtml(title)}</h2><ul>${rows}</ul>`;
}

/** The delivery email of a return playbook, in plain text and HTML, from Drift to the owner. */
export function composePlaybookEmail(
  playbook: PlaybookDigest,
  owner: { address: string; name: string | null },
  options: { dashboardUrl?: string } = {},
): OutgoingMail {
  const { stats } = playbook;
  const footer = `${stats.total_emails} emails, ${stats.filtered_emails} filtered, about ${stats.time_saved_minutes} minutes saved.`;
  const link = options.dashboardUrl ? `\nOpen it in Drift: ${options.dashboardUrl}\n` : '';
  const text =
    `${playbook.summary}\n\n` +
    textSection('Needs you first', playbook.action_items) +
    textSection('Only FYI', playbook.fyi_items) +
    textSection('Resolved while you were away', playbook.resolved_items) +
    `${footer}\n${link}`;
  const html =
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:640px;margin:auto;line-height:1.5">` +
    `<h1 style="font-size:20px">Welcome back${owner.name ? `, ${escapeHtml(owner.name)}` : ''}</h1>` +
    `<p>${escapeHtml(playbook.summary)}</p>` +
    htmlSection('Needs you first', playbook.action_items) +
    htmlSection('Only FYI', playbook.fyi_items) +
    htmlSection('Resolved while you were away', playbook.resolved_items) +
    `<p style="color:#555">${escapeHtml(footer)}</p>` +
    (options.dashboardUrl
      ? `<p><a href="${escapeHtml(options.dashboardUrl)}">Open it in Drift</a></p>`
      : '') +
    `</body></html>`;
  return {
    from: { address: owner.address, name: 'Drift' },
    to: owner.address,
    subject: `Your return playbook: ${playbook.action_items.length} item${playbook.action_items.length === 1 ? '' : 's'} need you`,
    text,
    html,
    messageId: newMessageId(owner.address),
    // Generated mail to the owner; other robots must not answer it.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    envelopeFrom: '',
  };
}
