/**
 * Deterministic synthetic mail for benchmarks: a mix of what a mailbox receives while its owner is
 * away (colleagues' asks, threads with replies, newsletters, promotions, notifications).
 */
import { seededRandom } from '@drift/triage';

const FIRST = [
  'Priya',
  'Ben',
  'Maria',
  'Jonas',
  'Aisha',
  'Tomás',
  'Lena',
  'Dev',
  'Rachel',
  'Olu',
  'Sofia',
  'Kenji',
];
const LAST = ['Raman', 'Okafor', 'Chen', 'Weber', 'Bello', 'Rivera', 'Fischer', 'Patel', 'Kim', 'Adeyemi'];
const TOPICS = [
  'Q2 roadmap',
  'billing export',
  'staging cluster',
  'hiring plan',
  'vendor renewal',
  'SSO rollout',
];

const ASKS = [
  'Could you review the attached proposal and approve it by Friday?',
  'Can you confirm whether we go with option A or option B for the migration?',
  'Please sign the order form when you are back; the deadline is March 27.',
  'Would you have 15 minutes next week to go through the numbers?',
];
const INFOS = [
  'Heads up: the deploy went out this morning, no action needed.',
  'FYI, the postmortem is published; nothing to do on your side.',
  'Just letting you know that the on-call rotation changed.',
];
const SETTLES = [
  'Never mind, Priya approved it and it is done. Nothing needed from you.',
  'Please disregard, we sorted it out ourselves.',
];

export interface GeneratedMail {
  raw: string;
  messageId: string;
}

const header = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

export function generateMail(count: number, owner: string, seed = 42): GeneratedMail[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const people = Array.from({ length: 300 }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return {
      name: `${first} ${last}`,
      address: `${first
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}.${last.toLowerCase()}${i}@example.test`,
    };
  });
  const mails: GeneratedMail[] = [];
  const base = Date.UTC(2026, 2, 2, 8);
  for (let i = 0; i < count; i++) {
    const messageId = `bench-${seed}-${i}@example.test`;
    const date = new Date(base + i * 60_000).toUTCString().replace('GMT', '+0000');
    const kind = random();
    let raw: string;
    if (kind < 0.2) {
      raw =
        header([
          'From: The Weekly Engineer <digest@weekly.example.test>',
          `To: ${owner}`,
          `Subject: The Weekly Engineer #${300 + (i % 50)}: ${pick(TOPICS)}`,
          `Date: ${date}`,
          `Message-ID: <${messageId}>`,
          'List-Id: <weekly.example.test>',
          'List-Unsubscribe: <https://weekly.example.test/unsub>',
          'Precedence: bulk',
          'Content-Type: text/plain; charset=utf-8',
        ]) +
        `This week: ${pick(TOPICS)}, modular monoliths and deleting code.\r\n\r\nRead more on our site.\r\n`;
    } else if (kind < 0.35) {
      raw =
        header([
          'From: Shop <deals@shop.example.test>',
          `To: ${owner}`,
          'Subject: 48 hours only: 30% off everything',
          `Date: ${date}`,
          `Message-ID: <${messageId}>`,
          'List-Unsubscribe: <https://shop.example.test/unsub>',
          'Content-Type: text/html; charset=utf-8',
        ]) +
        '<html><body><h1>Flash sale</h1><p>Use code SAVE30 at checkout. Limited time offer!</p></body></html>\r\n';
    } else if (kind < 0.45 && mails.length > 10) {
      const parent = mails[Math.floor(random() * mails.length)] as GeneratedMail;
      const person = pick(people);
      raw =
        header([
          `From: ${person.name} <${person.address}>`,
          `To: ${owner}`,
          `Subject: Re: ${pick(TOPICS)}`,
          `Date: ${date}`,
          `Message-ID: <${messageId}>`,
          `In-Reply-To: <${parent.messageId}>`,
          `References: <${parent.messageId}>`,
          'Content-Type: text/plain; charset=utf-8',
        ]) +
        `${random() < 0.5 ? pick(SETTLES) : pick(INFOS)}\r\n\r\nOn Mon, someone wrote:\r\n> earlier text\r\n`;
    } else {
      const person = pick(people);
      const ask = random() < 0.6;
      raw = `${header([
        `From: ${person.name} <${person.address}>`,
        `To: ${owner}`,
        `Subject: ${pick(TOPICS)}${ask ? ' - your input needed' : ' update'}`,
        `Date: ${date}`,
        `Message-ID: <${messageId}>`,
        'Content-Type: text/plain; charset=utf-8',
      ])}Hi Alex,\r\n\r\n${ask ? pick(ASKS) : pick(INFOS)}\r\n\r\nThanks,\r\n${person.name}\r\n`;
    }
    mails.push({ raw, messageId });
  }
  return mails;
}
