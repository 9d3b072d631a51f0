/**
 * The command table: typed text (mention removed) to handler. Help, the welcome card and the manifest's command
 * list are all derived from the commands registered here, so what the bot advertises is what it can do.
 */
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';

import type { Scope } from '../services/turn.js';
import { normaliseCommandText } from '../domain/text.js';

export type { Scope };
/** Typed text as commands read it (pure, in the domain so services can read typed text the same way). */
export { normaliseCommandText };

export interface CommandContext {
  turn: TurnContext;
  dialogs: DialogContext;
  /** The normalised text: mention removed, whitespace collapsed. */
  text: string;
  match: RegExpMatchArray;
  scope: Scope;
}

export interface Command {
  id: string;
  /** What a user types, as shown in help, e.g. "check eligibility" or "open <id>". */
  usage: string;
  description: string;
  /** Matched case-insensitively against the whole normalised text. */
  pattern: RegExp;
  scopes: readonly Scope[];
  /** Hidden commands work but are not listed in help (aliases, card-button targets). */
  hidden?: boolean;
  run(ctx: CommandContext): Promise<void>;
}

export class CommandRouter {
  private readonly commands: Command[] = [];

  register(...commands: Command[]): this {
    for (const c of commands) {
      if (this.commands.some((x) => x.id === c.id)) throw new Error(`Duplicate command id ${c.id}`);
      this.commands.push(c);
    }
    return this;
  }

  /** The first command whose pattern matches the whole text in this scope. */
  match(text: string, scope: Scope): { command: Command; match: RegExpMatchArray } | undefined {
    for (const command of this.commands) {
      if (!command.scopes.includes(scope)) continue;
      const match = text.match(command.pattern);
      if (match) return { command, match };
    }
    return undefined;
  }

  /** Commands to list in help for a scope, in registration order. */
  listed(scope: Scope): Command[] {
    return this.commands.filter((c) => !c.hidden && c.scopes.includes(scope));
  }

  all(): readonly Command[] {
    return this.commands;
  }
}
