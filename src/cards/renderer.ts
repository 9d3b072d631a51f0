/**
 * Card templates live in cards/*.json (Adaptive Cards 1.5, what Teams renders on desktop, web and mobile) and are
 * expanded here, on the server: Teams does not expand ${...} templates itself. Templating silently drops a property
 * whose expression is undefined, so view models must be complete, and an expansion that still contains "${" is
 * treated as a bug rather than shown to a user.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { cardsDir } from '../paths.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

export class CardTemplateError extends Error {}

// Which template each rendered card came from, so the message budget can name it in a log line without the content.
const renderedFrom = new WeakMap<object, string>();

/** The template a card object was rendered from by renderCard, or undefined (a card built some other way). */
export function templateNameOf(card: unknown): string | undefined {
  return typeof card === 'object' && card !== null ? renderedFrom.get(card) : undefined;
}

// Parsed templates, reused: building an ACData.Template parses every expression again (about ten times the cost
// of expanding one), and expand() leaves the template untouched.
const cache = new Map<string, ACData.Template>();

/** Names of every template in cards/, without the .json extension. */
export function templateNames(dir: string = cardsDir): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

function loadTemplate(name: string, dir: string): ACData.Template {
  if (!/^[a-zA-Z0-9-]+$/.test(name)) throw new CardTemplateError(`Invalid card template name: ${name}`);
  const key = `${dir}|${name}`;
  let template = cache.get(key);
  if (template === undefined) {
    template = new ACData.Template(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')));
    cache.set(key, template);
  }
  return template;
}

/** Expand a template with its view model and return the card JSON. */
export function renderCard(name: string, data: object, dir: string = cardsDir): Record<string, unknown> {
  const card = loadTemplate(name, dir).expand({ $root: data }) as Record<string, unknown>;
  const text = JSON.stringify(card);
  if (text.includes('${')) {
    throw new CardTemplateError(`Card "${name}" has unexpanded template expressions: check its view model.`);
  }
  renderedFrom.set(card, name);
  return card;
}

export function cardAttachment(name: string, data: object): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderCard(name, data) };
}
