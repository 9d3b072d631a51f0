/**
 * One FileConsentCard answer handler for the bot, dispatching by the `purpose` a feature put in the card's accept
 * and decline context ({ purpose: 'mailbox-file', ... }); a context without a known purpose (the mapping file's
 * { checkId }) goes to the fallback.
 */
import { MessageFactory, type Activity, type FileConsentCardResponse, type TurnContext } from 'botbuilder';
import { fileInfoAttachment } from '../cards/mappingView.js';
import type { OutboundActivity } from '../proactive/notifier.js';
import type { UploadedFileInfo } from '../services/fileOffers.js';
import type { FileConsentHandlers } from './teamsBot.js';

export function dispatchFileConsent(byPurpose: Record<string, FileConsentHandlers>, fallback: FileConsentHandlers): FileConsentHandlers {
  const pick = (response: FileConsentCardResponse): FileConsentHandlers => {
    const purpose = (response.context as { purpose?: unknown } | undefined)?.purpose;
    return typeof purpose === 'string' && Object.hasOwn(byPurpose, purpose) ? byPurpose[purpose]! : fallback;
  };
  return {
    accept: (context, response) => pick(response).accept(context, response),
    decline: (context, response) => pick(response).decline(context, response),
  };
}

/** Posts a feature's answer to a FileConsentCard: its replies in order, then the saved file's info card. */
export async function postFileAnswer(
  context: TurnContext,
  outcome: { replies: ReadonlyArray<OutboundActivity | string>; fileInfo?: UploadedFileInfo },
): Promise<void> {
  for (const reply of outcome.replies) await context.sendActivity(reply as string | Partial<Activity>);
  if (outcome.fileInfo) await context.sendActivity(MessageFactory.attachment(fileInfoAttachment(outcome.fileInfo)));
}
