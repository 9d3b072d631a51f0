/**
 * How a waiting dialog says a message was not for it, explicitly: it ends itself with `{ handled: false }`
 * (`declineMessage`), and the bot (src/bot/teamsBot.ts, `messageHandled`) then lets the message go on to the rest
 * of the routing (src/bot/routeSelector.ts). Any other result, including a dialog that ends normally, means the
 * dialog took the message.
 */
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';

export interface DialogOutcome {
  handled: boolean;
}

/** Ends the active dialog and leaves the message to the rest of the routing. */
export function declineMessage(dc: DialogContext): Promise<DialogTurnResult> {
  const outcome: DialogOutcome = { handled: false };
  return dc.endDialog(outcome);
}

/** False only when the dialog declined the message (declineMessage). */
export function messageHandled(result: DialogTurnResult): boolean {
  const outcome = result.result as Partial<DialogOutcome> | undefined;
  return !(outcome && typeof outcome === 'object' && outcome.handled === false);
}
