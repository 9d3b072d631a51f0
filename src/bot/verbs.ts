/**
 * Action.Execute (Universal Actions) verb table: verb -> handler returning the invoke response. Every verb a card
 * template uses must have a handler here (test/cards proves it), or Teams shows "Unable to reach app".
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';

export type VerbHandler = (context: TurnContext, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>;
export type VerbTable = Record<string, VerbHandler>;
