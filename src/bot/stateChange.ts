/**
 * Change detection for the conversation state without botbuilder's hash (issue 16, docs/performance.md).
 *
 * botbuilder's BotState compares `calculateChangeHash(state)` at load and at save: a JSON.stringify with a replacer
 * function called for every value (V8's slow path) and a SHA-256 of the result. The conversation state carries the
 * turn journal (the last turns' replies, cards included: up to a few hundred KB), and a turn computed that hash four
 * or five times: the largest single cost of a turn in the CPU profile. Here the "hash" is the state's compact JSON
 * itself (without the eTag), made by a plain JSON.stringify: the same text the store writes, compared as a string.
 * It lives only for the turn (in turnState), like botbuilder's hash.
 */
import { ConversationState, type TurnContext } from 'botbuilder';
import { takeStoredText } from '../storage/storeItems.js';

/** The state as the store would write it (without its eTag); a state JSON cannot represent never compares equal. */
export function changeText(state: Record<string, unknown> | undefined): string {
  if (!state) return '';
  const { eTag: _eTag, ...rest } = state;
  try {
    return JSON.stringify(rest);
  } catch {
    return `unserialisable:${Math.random()}`;
  }
}

interface Cached {
  state: Record<string, unknown>;
  hash: string;
}

/** ConversationState whose cached `hash` is `changeText(state)`; subclasses compare with `changed`. */
export class ChangeTextConversationState extends ConversationState {
  protected get cacheKey(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }

  /** BotState.load, with the change text instead of botbuilder's hash. */
  override async load(context: TurnContext, force = false): Promise<any> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] ?? {}) as Record<string, unknown>;
    // The state store's own text of what it just returned (LowdbStorage) is that same JSON: no second serialisation.
    context.turnState.set(this.cacheKey, { state, hash: takeStoredText(state) ?? changeText(state) } satisfies Cached);
    return state;
  }
}
