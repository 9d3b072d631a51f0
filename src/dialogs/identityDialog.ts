/**
 * Waiting for an identity map, as a botbuilder dialog: one message holding the map (an upload or pasted lines). The
 * dialog keeps only the migration the map is for in the dialog stack (a restart continues the wait); what a message
 * means (the map, cancel, help, or something else) is the identity service's answer
 * (src/services/identityService.ts). A message that is not for the wait ends it and is declined
 * (dialogs/outcome.ts), so the bot answers it as usual.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnFacts } from '../bot/turnInfo.js';
import type { IdentityMessage, IdentityOutcome, IdentityService, IdentityWaitState } from '../services/identityService.js';
import { declineMessage } from './outcome.js';

export const IDENTITY_DIALOG = 'identityMapDialog';

export interface IdentityDialogEdge {
  /** The message's lines (mention removed, the HTML copy's lines) and its uploaded files. */
  read(context: TurnContext): IdentityMessage;
  /** Posts an outcome's replies in order. */
  deliver(context: TurnContext, outcome: IdentityOutcome): Promise<void>;
}

export class IdentityMapDialog extends Dialog {
  constructor(private readonly identity: IdentityService, private readonly edge: IdentityDialogEdge) {
    super(IDENTITY_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: IdentityWaitState): Promise<DialogTurnResult> {
    const state: IdentityWaitState = { migrationId: options?.migrationId ?? null };
    Object.assign(dc.activeDialog!.state as IdentityWaitState, state);
    await dc.context.sendActivity(this.identity.askForMap(state.migrationId));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as IdentityWaitState;
    const outcome = await this.identity.whileWaiting(turnFacts(context), { migrationId: state.migrationId ?? null }, this.edge.read(context));
    if (!outcome.handled) {
      const declined = await declineMessage(dc);
      await this.edge.deliver(context, outcome);
      return declined;
    }
    await this.edge.deliver(context, outcome);
    return outcome.waiting ? Dialog.EndOfTurn : dc.endDialog();
  }
}
