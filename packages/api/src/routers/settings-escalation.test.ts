// Escalation while away in the dashboard's settings: the backup contact, the categories that
// reach them and the auto-reply opt-in; validated, kept and gated to Team Growth.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { errorDetailsOf, restErrorOf } from '../errors.ts';
import { errorOf, useProcedureHarness } from '../testing/caller.ts';

const h = useProcedureHarness();

const SAM = { name: 'Sam Lee', email: 'sam.lee@partner.example' };

describe('settings: escalation while away', () => {
  it('starts with no contact, urgent mail only and no mention in the auto-reply', async () => {
    const user = await h.user({ plan: 'team_growth' });
    expect(await user.caller.settings.get()).toMatchObject({
      backup_contact: null,
      escalate_categories: ['urgent'],
      auto_reply_names_contact: false,
    });
  });

  it('sets the contact (address lower-cased, name trimmed), categories without repeats and the opt-in; keeps the rest', async () => {
    const user = await h.user({ plan: 'team_growth' });
    await user.caller.settings.update({ urgent_keywords: ['outage'] });
    const changed = await user.caller.settings.update({
      backup_contact: { name: '  Sam Lee ', email: 'Sam.Lee@Partner.example' },
      escalate_categories: ['urgent', 'action_required', 'urgent'],
      auto_reply_names_contact: true,
    });
    expect(changed).toMatchObject({
      backup_contact: SAM,
      escalate_categories: ['urgent', 'action_required'],
      auto_reply_names_contact: true,
      urgent_keywords: ['outage'],
    });
    expect(await user.caller.settings.get()).toEqual(changed);
    // Another change leaves the contact alone; null removes it and keeps the choices.
    expect(await user.caller.settings.update({ timezone: 'Europe/Paris' })).toMatchObject({
      backup_contact: SAM,
    });
    expect(await user.caller.settings.update({ backup_contact: null })).toMatchObject({
      backup_contact: null,
      escalate_categories: ['urgent', 'action_required'],
      auto_reply_names_contact: true,
    });
  });

  it.each([
    [
      'an address that is not one',
      { backup_contact: { name: 'Sam', email: 'sam@' } },
      [{ field: 'backup_contact.email', message: 'backup_contact.email must be an email address' }],
    ],
    [
      'a contact without a name',
      { backup_contact: { name: '   ', email: 'sam@partner.example' } },
      [{ field: 'backup_contact.name', message: expect.stringContaining('backup_contact.name is required') }],
    ],
    [
      'a contact without an address',
      { backup_contact: { name: 'Sam' } },
      [{ field: 'backup_contact.email', message: 'backup_contact.email must be an email address' }],
    ],
    [
      'an unknown category',
      { escalate_categories: ['urgent', 'later'] },
      [{ field: 'escalate_categories.1', message: expect.stringContaining('must be one of: urgent') }],
    ],
    [
      "the owner's own address as the contact",
      { backup_contact: { name: 'Me', email: 'OWNER' } },
      [{ field: 'backup_contact.email', message: expect.stringContaining('is one of your own addresses') }],
    ],
    [
      "one of the owner's aliases as the contact",
      { backup_contact: { name: 'Me', email: 'me@alias.example' } },
      [{ field: 'backup_contact.email', message: expect.stringContaining('is one of your own addresses') }],
    ],
    [
      'an alias, given in the same change, that is the contact',
      { aliases: ['sam.lee@partner.example'], backup_contact: SAM },
      [{ field: 'backup_contact.email', message: expect.stringContaining('is one of your own addresses') }],
    ],
    [
      'no category while a contact is set',
      { backup_contact: SAM, escalate_categories: [] },
      [
        {
          field: 'escalate_categories',
          message: 'escalate_categories must name at least one category while a backup contact is set',
        },
      ],
    ],
    [
      'a non-boolean opt-in',
      { auto_reply_names_contact: 'yes' },
      [{ field: 'auto_reply_names_contact', message: expect.stringContaining('auto_reply_names_contact') }],
    ],
  ])('400 VALIDATION_ERROR for %s, naming the field and changing nothing', async (_case, input, fields) => {
    const user = await h.user({ plan: 'team_growth' });
    await h.prisma.account.update({ where: { id: user.accountId }, data: { aliases: ['me@alias.example'] } });
    const before = await user.caller.settings.get();
    const change = JSON.parse(JSON.stringify(input).replace('"OWNER"', JSON.stringify(user.account.email)));
    const error = await user.caller.settings.update(change).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(error)}`);
    expect(restErrorOf(error).code).toBe('VALIDATION_ERROR');
    expect(errorDetailsOf(error)?.fields).toEqual(fields);
    expect(await user.caller.settings.get()).toEqual(before);
  });

  it('removing every category is fine while no contact is set', async () => {
    const user = await h.user({ plan: 'team_growth' });
    expect(await user.caller.settings.update({ escalate_categories: [] })).toMatchObject({
      escalate_categories: [],
    });
    // …but a contact then needs one.
    expect((await errorOf(user.caller.settings.update({ backup_contact: SAM }))).code).toBe(
      'VALIDATION_ERROR',
    );
  });

  it('403 FEATURE_NOT_AVAILABLE when a free account sets a contact; removing one is allowed', async () => {
    const user = await h.user({ plan: 'free' });
    expect(await errorOf(user.caller.settings.update({ backup_contact: SAM }))).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'Escalation to a backup contact requires the Team Growth plan',
    });
    expect((await user.caller.settings.get()).backup_contact).toBeNull();
    expect(await user.caller.settings.update({ backup_contact: null })).toMatchObject({
      backup_contact: null,
    });
  });

  it('the operator sets it through the admin procedure with the same rules', async () => {
    const user = await h.user({ plan: 'team_growth' });
    const admin = h.admin().caller;
    expect(
      await admin.admin.accounts.settings({ account_id: user.accountId, backup_contact: SAM }),
    ).toMatchObject({ backup_contact: SAM });
    expect(
      (await errorOf(admin.admin.accounts.settings({ account_id: user.accountId, escalate_categories: [] })))
        .code,
    ).toBe('VALIDATION_ERROR');
  });
});
