/**
 * Waiting for one message that holds a file or pasted lines (the identity map, the mapping file), as a botbuilder
 * dialog: the dialog stack keeps only the feature's small state (a restart continues the wait); what a message means
 * (the file, cancel, help, or something else) is the feature service's answer. A message that is not for the wait
 * ends it and is declined (dialogs/outcome.ts), so the bot answers it as usual; the service's replies are posted
 * either way.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { declineMessage } from './outcome.js';

/** The edge's part: reading the message, posting an outcome. */
export interface WaitEdge<Message, Outcome> {
  /** The message's lines (mention removed, the HTML copy's lines) and its uploaded files. */
  read(context: TurnContext): Message;
  /** Posts an outcome. */
  deliver(context: TurnContext, outcome: Outcome): Promise<void>;
}

/** What the service answers to a message while waiting: taken (`handled`), and whether to wait on. */
export interface WaitAnswer {
  handled: boolean;
  waiting: boolean;
}

export abstract class WaitForMessageDialog<State extends object, Message, Outcome extends WaitAnswer> extends Dialog {
  constructor(id: string, private readonly edge: WaitEdge<Message, Outcome>) {
    super(id);
  }

  /** The state kept while waiting, from the options the dialog was started with. */
  protected abstract initialState(options: Partial<State> | undefined): State;
  /** What to send for the file: the wait's first message. */
  protected abstract ask(context: TurnContext, state: State): Promise<string> | string;
  /** The service's answer to a message while waiting. */
  protected abstract answer(context: TurnContext, state: State, message: Message): Promise<Outcome>;

  override async beginDialog(dc: DialogContext, options?: Partial<State>): Promise<DialogTurnResult> {
    const state = this.initialState(options);
    Object.assign(dc.activeDialog!.state as State, state);
    await dc.context.sendActivity(await this.ask(dc.context, state));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = this.initialState(dc.activeDialog!.state as Partial<State>);
    const outcome = await this.answer(context, state, this.edge.read(context));
    if (!outcome.handled) {
      const declined = await declineMessage(dc);
      await this.edge.deliver(context, outcome);
      return declined;
    }
    await this.edge.deliver(context, outcome);
    return outcome.waiting ? Dialog.EndOfTurn : dc.endDialog();
  }
}
