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

/**
 * Teams-only elements the SDK does not know (Teams renders them on desktop and web; mobile, the Agents Playground
 * and this parser use the element's fallback). Accepted only with a fallback, which is checked below.
 */
export const TEAMS_ONLY_ELEMENTS = ['CodeBlock'] as const;

function teamsOnlyWithoutFallback(node: unknown, out: CardProblem[]): void {
  if (Array.isArray(node)) {
    for (const n of node) teamsOnlyWithoutFallback(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if ((TEAMS_ONLY_ELEMENTS as readonly unknown[]).includes(o.type) && (typeof o.fallback !== 'object' || o.fallback === null)) {
    out.push({ phase: 'Parse', event: 'TeamsOnlyWithoutFallback', message: `${String(o.type)} renders only in Teams desktop and web: give it a fallback` });
  }
  for (const value of Object.values(o)) teamsOnlyWithoutFallback(value, out);
}

export function validateCard(json: object): CardProblem[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const out: CardProblem[] = [];
  teamsOnlyWithoutFallback(json, out);
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    const teamsOnly = e.event === AC.ValidationEvent.UnknownElementType
      && TEAMS_ONLY_ELEMENTS.some((type) => e.message.includes(`"${type}"`));
    if (teamsOnly) continue;
    out.push({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
  }
  for (const e of card.validateProperties().validationEvents) {
    out.push({ phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
  }
  return out;
}
