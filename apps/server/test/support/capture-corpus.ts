// A day of one owner's mail for the batch-capture tests, in the order a relay might hand it over:
// threads out of order, a thread settled, one settled then re-opened, a reply that joins by subject
// only, lists and marketing, one sender several times, a relay's retry of the same message. Each
// message is named, and each belongs to a lane: the messages of a lane depend on their order
// (a thread, or a sender's messages), lanes do not depend on each other.
import { VIP } from './inbound.ts';
import {
  BEN,
  buildRawMail,
  CAROL,
  colleagueQuestion,
  JONAS,
  listDigest,
  type Mailbox,
  OWNER,
  PRIYA,
  promoBlast,
  uniqueMessageId,
} from './raw-mail.ts';

export interface CorpusMail {
  name: string;
  lane: string;
  raw: string;
}

const STAGING = 'OK to resize staging-db to db.r6.2xlarge?';
const ASK =
  'Hi Alex,\n\nstaging-db is at 91% disk. Could you approve moving it to db.r6.2xlarge (+$340/month)? I need your OK before I can do the resize.\n\nBen';
const NUDGE = 'Alex, any thoughts on this? Could you let me know if the resize is OK?\n\nBen';
const SETTLE =
  'Never mind — Priya already approved it and the resize is done, nothing needed from you.\n\nBen';
const ASK_AGAIN =
  'Alex, sorry, the resize failed after all and Priya cannot approve the retry. Could you approve the new size when you can?\n\nBen';

/** A fresh corpus (fresh Message-IDs), about thirty messages; the same bytes for every account. */
export function captureCorpus(): CorpusMail[] {
  const id = () => uniqueMessageId();
  const mails: CorpusMail[] = [];
  const add = (lane: string, name: string, raw: string) => mails.push({ name, lane, raw });

  // A thread delivered last reply first, then the root, the middle last; then a late In-Reply-To.
  const queue = { root: id(), middle: id(), last: id(), late: id() };
  const queueSubject = 'Migration plan for the job queue';
  add(
    'queue',
    'queue.last',
    buildRawMail({
      messageId: queue.last,
      subject: `Re: ${queueSubject}`,
      inReplyTo: queue.middle,
      references: [queue.root, queue.middle],
    }),
  );
  add('queue', 'queue.root', buildRawMail({ messageId: queue.root, subject: queueSubject }));
  add(
    'queue',
    'queue.middle',
    buildRawMail({
      from: PRIYA,
      messageId: queue.middle,
      subject: `Re: ${queueSubject}`,
      inReplyTo: queue.root,
      references: [queue.root],
    }),
  );
  add(
    'queue',
    'queue.late',
    buildRawMail({
      from: JONAS,
      messageId: queue.late,
      subject: `Re: ${queueSubject}`,
      inReplyTo: queue.last,
    }),
  );

  // Replies with In-Reply-To only, stored apart before their parent arrives.
  const train = { root: id(), child: id(), grandchild: id() };
  add(
    'train',
    'train.grandchild',
    buildRawMail({ messageId: train.grandchild, subject: 'Re: Release train', inReplyTo: train.child }),
  );
  add('train', 'train.root', buildRawMail({ messageId: train.root, subject: 'Release train' }));
  add(
    'train',
    'train.child',
    buildRawMail({
      from: PRIYA,
      messageId: train.child,
      subject: 'Re: Release train',
      inReplyTo: train.root,
      references: [train.root],
    }),
  );

  // Asked, nudged, settled ("done, nothing needed"), then thanked: the thread ends resolved.
  const staging = { ask: id(), nudge: id(), settle: id(), thanks: id() };
  const stagingReply = (messageId: string, thread: string[], body: string, from: Mailbox = BEN) =>
    buildRawMail({
      from,
      messageId,
      subject: `Re: ${STAGING}`,
      inReplyTo: thread.at(-1),
      references: thread,
      body,
    });
  add('staging', 'staging.ask', buildRawMail({ messageId: staging.ask, subject: STAGING, body: ASK }));
  add('staging', 'staging.nudge', stagingReply(staging.nudge, [staging.ask], NUDGE));
  add('staging', 'staging.settle', stagingReply(staging.settle, [staging.ask, staging.nudge], SETTLE));
  add(
    'staging',
    'staging.thanks',
    stagingReply(staging.thanks, [staging.ask, staging.nudge, staging.settle], 'Thanks Ben!\n\nPriya', PRIYA),
  );

  // Settled, then asked again: re-opened.
  const reopen = { ask: id(), settle: id(), again: id() };
  const reopenSubject = 'OK to resize prod-cache to cache.r6.xlarge?';
  const reopenReply = (messageId: string, thread: string[], body: string) =>
    buildRawMail({
      from: PRIYA,
      messageId,
      subject: `Re: ${reopenSubject}`,
      inReplyTo: thread.at(-1),
      references: thread,
      body,
    });
  add(
    'reopen',
    'reopen.ask',
    buildRawMail({ from: PRIYA, messageId: reopen.ask, subject: reopenSubject, body: ASK }),
  );
  add('reopen', 'reopen.settle', reopenReply(reopen.settle, [reopen.ask], SETTLE));
  add('reopen', 'reopen.again', reopenReply(reopen.again, [reopen.ask, reopen.settle], ASK_AGAIN));

  // The settling reply arrives before the question it settles.
  const early = { ask: id(), settle: id() };
  const earlySubject = 'OK to resize ci-runner to c6i.4xlarge?';
  add(
    'early',
    'early.settle',
    buildRawMail({
      from: JONAS,
      messageId: early.settle,
      subject: `Re: ${earlySubject}`,
      inReplyTo: early.ask,
      references: [early.ask],
      body: SETTLE,
    }),
  );
  add(
    'early',
    'early.ask',
    buildRawMail({ from: JONAS, messageId: early.ask, subject: earlySubject, body: ASK }),
  );

  // "Re:" without threading headers joins by subject between the same people; a stranger does not.
  const roadmap = 'Quarterly roadmap review';
  add('roadmap', 'roadmap.root', buildRawMail({ from: BEN, messageId: id(), subject: roadmap }));
  add('roadmap', 'roadmap.reply', buildRawMail({ from: BEN, messageId: id(), subject: `Re: ${roadmap}` }));
  add(
    'roadmap',
    'roadmap.cc',
    buildRawMail({ from: PRIYA, to: OWNER, cc: BEN, messageId: id(), subject: `RE: ${roadmap}` }),
  );
  add(
    'roadmap',
    'roadmap.stranger',
    buildRawMail({ from: CAROL, messageId: id(), subject: `Re: ${roadmap}` }),
  );

  // Lists and marketing: never answered.
  add('weekly-1', 'weekly.1', listDigest());
  add('weekly-2', 'weekly.2', listDigest({ subject: 'The Weekly Engineer #313: the long tail of timeouts' }));
  add('promo', 'promo', promoBlast());
  add(
    'robot',
    'robot',
    colleagueQuestion({
      from: { name: 'Acme Systems', address: 'noreply@systems.acme.test' },
      subject: 'Nightly backup report',
      headers: [['Auto-Submitted', 'auto-generated']],
    }),
  );

  // A VIP's urgent question.
  add(
    'vip',
    'vip',
    buildRawMail({
      from: { name: 'Maria Chen', address: VIP },
      subject: 'Board deck numbers',
      body: 'Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.\n\nMaria',
    }),
  );

  // One sender, three unrelated questions: one auto-reply.
  for (const [n, subject] of ['Offsite venue', 'Team budget', 'On-call rota'].entries()) {
    add('jonas', `jonas.${n + 1}`, colleagueQuestion({ from: JONAS, subject }));
  }

  // A relay's retry: the same bytes twice.
  const retried = colleagueQuestion({ from: CAROL, subject: 'Contract renewal' });
  add('retry', 'retry.first', retried);
  add('retry', 'retry.again', retried);

  // No Message-ID at all: identified by its bytes.
  add(
    'no-id',
    'no-id',
    colleagueQuestion({
      from: { name: 'Dana Lee', address: 'dana.lee@acme.test' },
      messageId: null,
      subject: 'Printer',
    }),
  );
  return mails;
}

/**
 * Settled, then an out-of-office notice in the thread (information: it neither settles nor
 * re-opens), then a new question. Asked after the notice, the thread's last message is no longer
 * resolved, so the question does not re-open it: the ask and the settling reply stay resolved.
 */
export function settledThenNoticeThread(): CorpusMail[] {
  const id = () => uniqueMessageId();
  const mails: CorpusMail[] = [];
  const add = (name: string, raw: string) => mails.push({ name, lane: 'notice', raw });
  const notice = { ask: id(), settle: id(), away: id(), more: id() };
  const noticeSubject = 'OK to resize search-db to db.r6.4xlarge?';
  const noticeThread = (messageId: string, thread: string[], body: string, options = {}) =>
    buildRawMail({
      from: BEN,
      messageId,
      subject: `Re: ${noticeSubject}`,
      inReplyTo: thread.at(-1),
      references: thread,
      body,
      ...options,
    });
  add('notice.ask', buildRawMail({ messageId: notice.ask, subject: noticeSubject, body: ASK }));
  add('notice.settle', noticeThread(notice.settle, [notice.ask], SETTLE));
  add(
    'notice.away',
    noticeThread(
      notice.away,
      [notice.ask, notice.settle],
      'I am out of the office until Monday with limited access to email.\n\nSam',
      {
        from: { name: 'Sam Park', address: 'sam.park@acme.test' },
        subject: `Automatic reply: Re: ${noticeSubject}`,
        headers: [['Auto-Submitted', 'auto-replied']],
      },
    ),
  );
  add(
    'notice.more',
    noticeThread(
      notice.more,
      [notice.ask, notice.settle, notice.away],
      'Alex, one more thing on this: could you also approve the snapshot retention change before Friday?\n\nBen',
    ),
  );
  return mails;
}
