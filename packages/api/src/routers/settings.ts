import { settingsChangeInput, settingsOutput } from '@drift/contract';
import { getSettings, updateSettings } from '@drift/core';
import { router } from '../trpc.ts';
import { ownerMutation, ownerQuery } from './procedures.ts';

/** The signed-in owner's account settings (dashboard only). */
export const settingsRouter = router({
  get: ownerQuery(settingsOutput, getSettings),
  update: ownerMutation(settingsChangeInput, settingsOutput, updateSettings),
});
