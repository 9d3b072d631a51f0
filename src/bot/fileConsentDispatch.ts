/**
 * One FileConsentCard answer handler for the bot, dispatching by the `purpose` a feature put in the card's accept
 * and decline context ({ purpose: 'mailbox-file', ... }); a context without a known purpose (the mapping file's
 * { checkId }) goes to the fallback.
 */
import type { FileConsentCardResponse } from 'botbuilder';
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
