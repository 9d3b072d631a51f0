/**
 * The one place that builds Action.Execute invoke responses: a refreshed card, or a short message Teams shows in
 * place of the card's status line. Route files return these; nothing else writes the content types by hand.
 */
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardAttachment } from '../cards/renderer.js';

const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

/** Teams shows `text` to the person who pressed the button (the card stays as it is). */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: text as unknown as Record<string, unknown> };
}

/** The card replaces the one whose button was pressed (already rendered card JSON). */
export function cardResponse(card: object): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as Record<string, unknown> };
}

/** cardResponse of a template (cards/*.json) rendered with its view model. */
export function templateResponse(template: string, view: object): AdaptiveCardInvokeResponse {
  return cardResponse(cardAttachment(template, view).content as object);
}
