/**
 * Waiting for an identity map, as a botbuilder dialog (src/dialogs/waitForMessage.ts): one message holding the map
 * (an upload or pasted lines). The dialog keeps only the migration the map is for; what a message means is the
 * identity service's answer (src/services/identityService.ts).
 */
import type { TurnContext } from 'botbuilder';
import { turnFacts } from '../bot/turnInfo.js';
import type { IdentityMessage, IdentityService, IdentityWaitOutcome, IdentityWaitState } from '../services/identityService.js';
import { WaitForMessageDialog, type WaitEdge } from './waitForMessage.js';

export const IDENTITY_DIALOG = 'identityMapDialog';

/** Reads the message's lines and files; posts an outcome's replies in order. */
export type IdentityDialogEdge = WaitEdge<IdentityMessage, IdentityWaitOutcome>;

export class IdentityMapDialog extends WaitForMessageDialog<IdentityWaitState, IdentityMessage, IdentityWaitOutcome> {
  constructor(private readonly identity: IdentityService, edge: IdentityDialogEdge) {
    super(IDENTITY_DIALOG, edge);
  }

  protected initialState(options: Partial<IdentityWaitState> | undefined): IdentityWaitState {
    return { migrationId: options?.migrationId ?? null };
  }

  protected ask(_context: TurnContext, state: IdentityWaitState): string {
    return this.identity.askForMap(state.migrationId);
  }

  protected answer(context: TurnContext, state: IdentityWaitState, message: IdentityMessage): Promise<IdentityWaitOutcome> {
    return this.identity.whileWaiting(turnFacts(context), state, message);
  }
}
