import type { WebhookDeliveryEventType } from '@drift/contract';

const SLACK_EVENTS: ReadonlySet<WebhookDeliveryEventType> = new Set([
  'email.urgent',
  'playbook.ready',
  'webhook.test',
]);

/** A Slack incoming webhook gets Slack messages, whatever format it was created with. */
export function isSlackWebhook(webhook: { url: string; format: string }): boolean {
  if (webhook.format === 'slack') return true;
  try {
    const url = new URL(webhook.url);
    return url.hostname === 'hooks.slack.com' && url.pathname.startsWith('/services/');
  } catch {
    return false;
  }
}

/** Slack's mrkdwn treats these three as markup. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

interface SlackMessage {
  text: string;
  blocks: object[];
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

interface EmailData {
  subject?: string | null;
  from_email?: string;
  from_name?: string | null;
  ai_summary?: string | null;
  urgency_score?: number | null;
}

interface PlaybookData {
  summary?: string;
  action_items?: { subject?: string | null; from_email?: string; from_name?: string | null }[];
  stats?: { total_emails?: number; time_saved_minutes?: number };
}

function urgentEmail(email: EmailData): SlackMessage {
  const from = email.from_name
    ? `${email.from_name} <${email.from_email}>`
    : (email.from_email ?? 'unknown sender');
  const subject = email.subject?.trim() || '(no subject)';
  const lines = [`:rotating_light: *Urgent email* from ${escapeMrkdwn(from)}`, `*${escapeMrkdwn(subject)}*`];
  if (email.ai_summary) lines.push(escapeMrkdwn(email.ai_summary));
  if (typeof email.urgency_score === 'number') lines.push(`Urgency ${email.urgency_score}/10`);
  return { text: `Urgent email from ${from}: ${subject}`, blocks: [section(lines.join('\n'))] };
}

function playbookReady(playbook: PlaybookData): SlackMessage {
  const items = playbook.action_items ?? [];
  const head = `Your return playbook is ready: ${items.length} item${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} you`;
  const blocks = [section(`:clipboard: *${escapeMrkdwn(head)}*`)];
  if (playbook.summary) blocks.push(section(escapeMrkdwn(playbook.summary)));
  const top = items
    .slice(0, 5)
    .map(
      (item) =>
        `• ${escapeMrkdwn(item.subject?.trim() || '(no subject)')}${item.from_email ? ` — ${escapeMrkdwn(item.from_name || item.from_email)}` : ''}`,
    );
  if (top.length > 0) blocks.push(section(top.join('\n')));
  return { text: head, blocks };
}

/** The Slack message for an event, or null when Slack webhooks do not get that event. */
export function slackMessage(type: WebhookDeliveryEventType, data: unknown): SlackMessage | null {
  if (!SLACK_EVENTS.has(type)) return null;
  if (type === 'email.urgent') return urgentEmail(data as EmailData);
  if (type === 'playbook.ready') return playbookReady(data as PlaybookData);
  const text = 'Drift test message: this webhook is connected.';
  return { text, blocks: [section(text)] };
}
