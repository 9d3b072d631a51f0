/**
 * Which handler a message goes to, as a pure function of what the turn carries (test/bot/routeSelector.test.ts
 * holds the table). The edge (teamsBot.ts) gathers the facts, asks for the plan and tries its steps in order:
 * a step that may decline (`dialog`, `file`) hands over to the next one; every other step ends the turn.
 *
 * The order, and why:
 * 1. `submit`: a card button with its own `action` (a form, a checklist) goes to its handler even while the
 *    interview waits for an answer, instead of being taken as an answer.
 * 2. `forget-me` while a dialog is active: it must work mid-interview and must not be taken as an answer.
 * 3. `dialog`: the active interview (or mapping wait) reads the message; it may decline it, explicitly
 *    (`{ handled: false }`, src/dialogs/outcome.ts).
 * 4. `file`: a message that carries a file, unless its text is a command ("help" plus a file asks for help).
 * 5. `stale-card`: a card submit nobody claimed (an old question, a finished review).
 * 6. `no-text`: nothing typed.
 * 7. `command`: the command table.
 * 8. `unknown`: say so and point to help.
 */

export type RouteStep =
  | { kind: 'submit'; action: string }
  | { kind: 'forget-me' }
  | { kind: 'dialog' }
  | { kind: 'file' }
  | { kind: 'stale-card' }
  | { kind: 'no-text' }
  | { kind: 'command' }
  | { kind: 'unknown' };

export interface MessageFacts {
  /** The normalised text (mention removed, typed-button text applied). */
  text: string;
  /** The submitted card data's `action`, when a submit handler is registered for it. */
  submitAction?: string;
  /** The message carries card data (an object in `value`). */
  hasCardData: boolean;
  hasActiveDialog: boolean;
  /** The text matches a command in this scope. */
  isCommand: boolean;
  /** A file handler is registered (it decides itself whether the message carries a file). */
  hasFileHandler: boolean;
}

const FORGET_ME = /^forget me$/i;

/** The steps to try, in order; the last one always handles the message. */
export function selectRoute(facts: MessageFacts): RouteStep[] {
  if (facts.submitAction !== undefined) return [{ kind: 'submit', action: facts.submitAction }];
  const steps: RouteStep[] = [];
  if (facts.hasActiveDialog) {
    if (FORGET_ME.test(facts.text)) return [{ kind: 'forget-me' }];
    steps.push({ kind: 'dialog' });
  }
  if (facts.hasFileHandler && !(facts.text !== '' && facts.isCommand)) steps.push({ kind: 'file' });
  if (facts.hasCardData && facts.text === '') steps.push({ kind: 'stale-card' });
  else if (facts.text === '') steps.push({ kind: 'no-text' });
  else if (facts.isCommand) steps.push({ kind: 'command' });
  else steps.push({ kind: 'unknown' });
  return steps;
}
