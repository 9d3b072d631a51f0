/**
 * The guided eligibility interview as a botbuilder dialog. All decisions (what to ask next, re-asking, skip, back,
 * review, change, cancel) are made by the pure interview in src/domain/interview; this class stores its state in
 * the dialog stack (so a restart of the bot continues at the same question) and renders its outputs as Teams
 * messages and cards.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { cardAttachment } from '../cards/renderer.js';
import { questionCardView, reviewCardView } from '../cards/interviewView.js';
import { handle, review, start, type InterviewState, type Output } from '../domain/interview/interview.js';
import type { Draft } from '../domain/interview/questions.js';
import { messageText } from '../bot/turnInfo.js';

export const ELIGIBILITY_DIALOG = 'eligibilityDialog';

export type CompletionResult = { ok: true } | { ok: false; problems: string[] };
/** Validates, assesses, saves and shows the result. */
export type CompleteInterview = (context: TurnContext, draft: Draft) => Promise<CompletionResult>;

interface DialogStateShape {
  interview?: InterviewState;
}

export class EligibilityDialog extends Dialog {
  constructor(private readonly complete: CompleteInterview) {
    super(ELIGIBILITY_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const step = start();
    (dc.activeDialog!.state as DialogStateShape).interview = step.state;
    await render(dc.context, step.outputs);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== 'message') return Dialog.EndOfTurn;
    const holder = dc.activeDialog!.state as DialogStateShape;
    const current = holder.interview;
    if (!current || current.v !== 1) {
      // State written by an older version of the interview: start again rather than guess.
      await dc.context.sendActivity('I was updated since we last spoke and could not continue where we were, so let\'s start again.');
      return this.beginDialog(dc);
    }
    const value = activity.value && typeof activity.value === 'object' ? (activity.value as Record<string, unknown>) : undefined;
    const step = handle(current, { text: messageText(dc.context), value });
    holder.interview = step.state;
    const finished = step.outputs.find((o): o is Extract<Output, { type: 'complete' }> => o.type === 'complete');
    await render(dc.context, step.outputs.filter((o) => o.type !== 'complete'));
    if (step.ended === 'cancelled') return dc.endDialog();
    if (finished) {
      const result = await this.complete(dc.context, finished.draft);
      if (result.ok) return dc.endDialog();
      // Should not happen (the interview only builds valid profiles), but never lose the answers: back to the review.
      step.state.at = null;
      holder.interview = step.state;
      await dc.context.sendActivity(`I can't assess these answers yet:\n\n${result.problems.map((p) => `- ${p}`).join('\n')}`);
      await render(dc.context, [{ type: 'review', view: review(step.state) }]);
    }
    return Dialog.EndOfTurn;
  }
}

async function render(context: TurnContext, outputs: Output[]): Promise<void> {
  for (const output of outputs) {
    switch (output.type) {
      case 'say':
      case 'cancelled':
        await context.sendActivity(output.text);
        break;
      case 'ask':
        await context.sendActivity(MessageFactory.attachment(cardAttachment('question', questionCardView(output.view))));
        break;
      case 'review':
        await context.sendActivity(MessageFactory.attachment(cardAttachment('review', reviewCardView(output.view))));
        break;
      default:
        break;
    }
  }
}
