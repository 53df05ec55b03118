import {
  createdKeyOutput,
  createKeyInput,
  keyIdInput,
  keyListOutput,
  revokedKeyOutput,
} from '@drift/contract';
import { createOwnApiKey, listApiKeys, revokeApiKey } from '@drift/core';
import { router } from '../trpc.ts';
import { ownerMutation, ownerQuery } from './procedures.ts';

/** The signed-in owner's API keys (dashboard only). */
export const keysRouter = router({
  list: ownerQuery(keyListOutput, listApiKeys),
  create: ownerMutation(createKeyInput, createdKeyOutput, createOwnApiKey),
  revoke: ownerMutation(keyIdInput, revokedKeyOutput, (core, accountId, { id }) =>
    revokeApiKey(core, id, accountId),
  ),
});
