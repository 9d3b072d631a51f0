/**
 * Waiting for a mapping file, as a botbuilder dialog: one message holding the file (an upload or pasted lines).
 * The dialog keeps only the assessment link in the dialog stack (a restart continues the wait); what a message means
 * (the file, cancel, help, or something else) is the mapping service's answer (src/services/mappingService.ts).
 * A message that is not for the wait ends it and is declined (dialogs/outcome.ts), so the bot answers it as usual.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { MappingLink } from '../cards/mappingView.js';
import { turnFacts } from '../bot/turnInfo.js';
import type { MappingMessage, MappingOutcome, MappingService } from '../services/mappingService.js';
import { declineMessage } from './outcome.js';

export const MAPPING_DIALOG = 'mappingFileDialog';

export interface WaitState {
  link: MappingLink | null;
}

export interface MappingDialogEdge {
  /** The message's text (mention removed, the HTML copy's lines) and its uploaded files. */
  read(context: TurnContext): MappingMessage;
  /** Posts an outcome's replies, then shows a new assessment when there is one. */
  deliver(context: TurnContext, outcome: MappingOutcome): Promise<void>;
}

export class MappingFileDialog extends Dialog {
  constructor(private readonly mapping: MappingService, private readonly edge: MappingDialogEdge) {
    super(MAPPING_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: WaitState): Promise<DialogTurnResult> {
    const link = options?.link ?? null;
    (dc.activeDialog!.state as WaitState).link = link;
    await dc.context.sendActivity(await this.mapping.askForFile(turnFacts(dc.context), link));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const link = (dc.activeDialog!.state as WaitState).link ?? null;
    const outcome = await this.mapping.whileWaiting(turnFacts(context), link, this.edge.read(context));
    if (!outcome.handled) {
      const declined = await declineMessage(dc);
      await this.edge.deliver(context, outcome);
      return declined;
    }
    await this.edge.deliver(context, outcome);
    return outcome.waiting ? Dialog.EndOfTurn : dc.endDialog();
  }
}
