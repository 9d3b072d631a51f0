/**
 * "forget me": deletes what the bot keeps about one user in one conversation and says how much it deleted.
 *
 * Scope follows the conversation type Teams sends in `conversation.conversationType`:
 * - a personal chat (or a client that sends no type, like the Emulator) belongs to the user alone: its whole
 *   conversation state and its whole transcript go;
 * - a team channel or group chat is shared: only the user's private conversation state
 *   (`<channel>/conversations/<id>/users/<user>/...`) and, from the transcript, the user's own messages and the
 *   bot's replies to them go. Other people's messages stay.
 * In both cases the user's user state (`<channel>/users/<user>/...`) goes.
 *
 * Other features (stored assessments, checklists) register a ForgetHook for their own records; every hook runs,
 * and the result lists each hook's count in registration order.
 */
import type { PrefixStorage } from './lowdbStorage.js';

export const FORGET_CONVERSATION_STATE = 'conversationState';
export const FORGET_USER_STATE = 'userState';
export const FORGET_TRANSCRIPT = 'transcript';

export interface ForgetSubject {
  channelId: string;
  conversationId: string;
  userId: string;
  /** `conversation.conversationType` from the activity: 'personal', 'channel' or 'groupChat'. */
  conversationType?: string;
  tenantId?: string;
}

export interface ForgetHook {
  /** Stable id, e.g. 'assessments'. */
  readonly id: string;
  /** How a count reads to the user: { one: 'saved assessment', other: 'saved assessments' }. */
  readonly noun: { readonly one: string; readonly other: string };
  /** Deletes this feature's records for the subject and returns how many it deleted. */
  forget(subject: ForgetSubject): Promise<number>;
}

export interface ForgetItem {
  readonly id: string;
  /** The noun phrase matching the count, e.g. 'transcript messages' or 'transcript message'. */
  readonly what: string;
  readonly count: number;
}

export interface ForgetResult {
  readonly items: ForgetItem[];
  readonly total: number;
}

/** What the transcript side must offer: whole-conversation and one-user deletion, both counted. */
export interface ForgettableTranscripts {
  deleteTranscriptCounted(channelId: string, conversationId: string): Promise<number>;
  deleteUserActivities(channelId: string, conversationId: string, userId: string): Promise<number>;
}

export interface ForgetServiceOptions {
  storage: PrefixStorage;
  transcripts?: ForgettableTranscripts;
}

/** Shared conversations, where "forget me" must leave other people's data alone. */
export function isSharedConversation(conversationType: string | undefined): boolean {
  return conversationType === 'channel' || conversationType === 'groupChat';
}

export class ForgetService {
  readonly #hooks: ForgetHook[] = [];

  constructor(options: ForgetServiceOptions) {
    const { storage, transcripts } = options;
    this.register({
      id: FORGET_CONVERSATION_STATE,
      noun: { one: 'conversation state record', other: 'conversation state records' },
      forget: (subject) => {
        const conversation = `${subject.channelId}/conversations/${subject.conversationId}/`;
        return storage.deleteByPrefix(
          isSharedConversation(subject.conversationType) ? `${conversation}users/${subject.userId}/` : conversation,
        );
      },
    });
    this.register({
      id: FORGET_USER_STATE,
      noun: { one: 'user state record', other: 'user state records' },
      forget: (subject) => storage.deleteByPrefix(`${subject.channelId}/users/${subject.userId}/`),
    });
    if (transcripts) {
      this.register({
        id: FORGET_TRANSCRIPT,
        noun: { one: 'transcript message', other: 'transcript messages' },
        forget: (subject) => forgetTranscript(transcripts, subject),
      });
    }
  }

  /** Adds a hook; returns a function that removes it again. Hook ids must be unique. */
  register(hook: ForgetHook): () => void {
    if (this.#hooks.some((existing) => existing.id === hook.id)) {
      throw new Error(`A forget hook with id "${hook.id}" is already registered`);
    }
    this.#hooks.push(hook);
    return () => {
      const index = this.#hooks.indexOf(hook);
      if (index !== -1) this.#hooks.splice(index, 1);
    };
  }

  get hookIds(): string[] {
    return this.#hooks.map((hook) => hook.id);
  }

  /**
   * Runs every hook. Hooks run one after another so a failure is attributable; if one fails the others still
   * run, and the error is rethrown afterwards (an AggregateError when several fail) so the caller can apologise
   * instead of claiming everything is gone.
   */
  async forgetConversation(subject: ForgetSubject): Promise<ForgetResult> {
    for (const field of ['channelId', 'conversationId', 'userId'] as const) {
      if (!subject?.[field]) throw new TypeError(`forgetConversation needs ${field}`);
    }
    const items: ForgetItem[] = [];
    const errors: unknown[] = [];
    for (const hook of [...this.#hooks]) {
      try {
        const count = await hook.forget(subject);
        items.push({ id: hook.id, what: count === 1 ? hook.noun.one : hook.noun.other, count });
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several forget hooks failed');
    return { items, total: items.reduce((sum, item) => sum + item.count, 0) };
  }
}

/** "Deleted 3 conversation state records and 42 transcript messages." Zero counts are left out. */
export function describeForgetResult(result: ForgetResult): string {
  const parts = result.items.filter((item) => item.count > 0).map((item) => `${item.count} ${item.what}`);
  if (parts.length === 0) return 'There was nothing stored to delete.';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `Deleted ${list}.`;
}

function forgetTranscript(transcripts: ForgettableTranscripts, subject: ForgetSubject): Promise<number> {
  return isSharedConversation(subject.conversationType)
    ? transcripts.deleteUserActivities(subject.channelId, subject.conversationId, subject.userId)
    : transcripts.deleteTranscriptCounted(subject.channelId, subject.conversationId);
}
