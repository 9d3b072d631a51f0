/**
 * Validates an expanded card with the official adaptivecards SDK (the same parser the Teams web client uses) at
 * schema version 1.5. The package's ESM build cannot be imported in Node, so its UMD bundle is required.
 */
import { createRequire } from 'node:module';
import type * as ACTypes from 'adaptivecards';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

export interface CardProblem {
  phase: string;
  event: string;
  message: string;
}

export function validateCard(json: object): CardProblem[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const out: CardProblem[] = [];
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    out.push({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
  }
  for (const e of card.validateProperties().validationEvents) {
    out.push({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
  }
  return out;
}
