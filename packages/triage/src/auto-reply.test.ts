import { describe, expect, it } from 'vitest';
import { autoReplyDecision } from './auto-reply.ts';
import { buildMessage, buildSettings } from './build-message.test-util.ts';
import type { Category, TriageMessage } from './types.ts';

const settings = buildSettings();

describe('autoReplyDecision', () => {
  it.each<[string, Partial<TriageMessage>, Category, boolean, string]>([
    ['a first mail from a person', {}, 'action_required', false, 'ok'],
    ['a resolved thread still gets the first reply', {}, 'resolved', false, 'ok'],
    ['Auto-Submitted: no does not block', { headers: { 'auto-submitted': ['no'] } }, 'fyi', false, 'ok'],
    [
      'Auto-Submitted: auto-replied',
      { headers: { 'auto-submitted': ['auto-replied'] } },
      'fyi',
      false,
      'auto_submitted',
    ],
    [
      'Auto-Submitted: auto-generated',
      { headers: { 'auto-submitted': ['auto-generated'] } },
      'fyi',
      false,
      'auto_submitted',
    ],
    [
      'an out-of-office subject without headers',
      { subject: 'Out of Office: Re: budget' },
      'fyi',
      false,
      'auto_submitted',
    ],
    [
      'X-Auto-Response-Suppress: All',
      { headers: { 'x-auto-response-suppress': ['All'] } },
      'fyi',
      false,
      'suppressed',
    ],
    [
      'X-Auto-Response-Suppress: DR, OOF',
      { headers: { 'x-auto-response-suppress': ['DR, OOF'] } },
      'fyi',
      false,
      'suppressed',
    ],
    [
      'X-Auto-Response-Suppress: DR only',
      { headers: { 'x-auto-response-suppress': ['DR'] } },
      'fyi',
      false,
      'ok',
    ],
    ['List-Id', { headers: { 'list-id': ['<x.example.test>'] } }, 'fyi', false, 'list_header'],
    [
      'List-Unsubscribe alone',
      { headers: { 'list-unsubscribe': ['<https://x.test/u>'] } },
      'fyi',
      false,
      'list_header',
    ],
    ['Precedence: bulk', { headers: { precedence: ['bulk'] } }, 'fyi', false, 'precedence'],
    ['Precedence: junk', { headers: { precedence: ['junk'] } }, 'fyi', false, 'precedence'],
    ['noreply sender', { from: { address: 'noreply@x.test', name: null } }, 'fyi', false, 'robot_sender'],
    [
      'calendar-noreply sender',
      { from: { address: 'calendar-noreply@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    [
      'do-not-reply sender',
      { from: { address: 'do-not-reply@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    [
      'MAILER-DAEMON',
      { from: { address: 'mailer-daemon@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    ['postmaster', { from: { address: 'postmaster@x.test', name: null } }, 'fyi', false, 'robot_sender'],
    [
      'bounces address',
      { from: { address: 'bounces+123@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    [
      'owner- list address',
      { from: { address: 'owner-devs@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    [
      '-request list address',
      { from: { address: 'devs-request@x.test', name: null } },
      'fyi',
      false,
      'robot_sender',
    ],
    ['empty Return-Path', { returnPath: '' }, 'fyi', false, 'empty_return_path'],
    ['spam flag', { headers: { 'x-spam-flag': ['YES'] } }, 'fyi', false, 'spam'],
    ['newsletter category', {}, 'newsletter', false, 'bulk_category'],
    ['promotional category', {}, 'promotional', false, 'bulk_category'],
    [
      'owner only in Bcc',
      { to: [{ address: 'priya@acme.test', name: 'Priya' }] },
      'fyi',
      false,
      'not_addressed',
    ],
    [
      'owner in Cc',
      { to: [{ address: 'priya@acme.test', name: null }], cc: [{ address: 'alex@acme.test', name: null }] },
      'fyi',
      false,
      'ok',
    ],
    ['owner alias in To', { to: [{ address: 'alex.morgan@acme.test', name: null }] }, 'fyi', false, 'ok'],
    [
      'sender is an own address',
      { from: { address: 'alex.morgan@acme.test', name: 'Alex' } },
      'fyi',
      false,
      'own_address',
    ],
    ['sender already answered', {}, 'action_required', true, 'already_answered'],
    ['no sender at all', { from: null }, 'fyi', false, 'no_sender'],
  ])('%s', (_case, overrides, category, answered, reason) => {
    const decision = autoReplyDecision(buildMessage(overrides), category, settings, answered);
    expect(decision).toEqual({ send: reason === 'ok', reason });
  });

  it('compares own addresses case-insensitively', () => {
    const message = buildMessage({ to: [{ address: 'alex@acme.test', name: null }] });
    const decision = autoReplyDecision(
      message,
      'fyi',
      buildSettings({ ownAddresses: ['Alex@ACME.test'] }),
      false,
    );
    expect(decision.send).toBe(true);
  });
});
