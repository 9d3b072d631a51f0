/**
 * "assess with a form", the Teams route file: the command and the form card's Action.Submit handlers, mapped to the
 * form service (src/services/formService.ts). Teams delivers an Action.Submit as a message whose `value` holds every
 * input plus the button's data, with no text; the bot routes it here by the data's `action` (BotDeps.submits).
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { FORM_ACTIONS, PROFILE_FORM_CARD, type ProfileFormView } from '../cards/profileFormView.js';
import { cardAttachment } from '../cards/renderer.js';
import type { Logger } from '../logging.js';
import type { FormOutcome, FormService } from '../services/formService.js';
import type { Command } from './commands.js';
import type { SubmitHandler } from './teamsBot.js';
import { httpStatusOf, turnFacts, turnReplies } from './turnInfo.js';

export const FORM_COMMAND_ID = 'assess-with-form';
export const FORM_PATTERN = /^(assess with (a |the )?form|assessment form|(use|open|fill in|send me) (a |the )?form|form)$/i;

export interface FormRoutes {
  commands: Command[];
  /** Action.Submit handlers by the card data's `action` (FORM_ACTIONS), for BotDeps.submits. */
  submits: Record<string, SubmitHandler>;
}

export function formRoutes(form: FormService, logger: Logger): FormRoutes {
  /**
   * Replaces the card the button was pressed on (Teams gives its id as replyToId), so the conversation keeps one
   * form; sends a new card when there is no id or the update is refused (for example the card was deleted).
   */
  const showForm = async (context: TurnContext, view: ProfileFormView, options: { replace: boolean; newIfNotReplaced?: boolean }): Promise<void> => {
    const attachment = cardAttachment(PROFILE_FORM_CARD, view);
    const cardId = context.activity.replyToId;
    if (options.replace && cardId) {
      try {
        await context.updateActivity({ type: 'message', id: cardId, attachments: [attachment] });
        return;
      } catch (error) {
        logger.warn('form card update failed', { status: httpStatusOf(error), newCard: options.newIfNotReplaced !== false });
      }
    }
    if (options.newIfNotReplaced === false) return;
    await context.sendActivity(MessageFactory.attachment(attachment));
  };

  const apply = async (context: TurnContext, outcome: FormOutcome): Promise<void> => {
    const replies = turnReplies(context);
    for (const reply of outcome.replies) await replies.send(reply);
    await showForm(context, outcome.form, { replace: true, newIfNotReplaced: outcome.newIfNotReplaced });
  };

  const submits: Record<string, SubmitHandler> = {
    [FORM_ACTIONS.addEnvironment]: async (context, data) => apply(context, form.addEnvironment(data)),
    [FORM_ACTIONS.removeEnvironment]: async (context, data) => apply(context, form.removeEnvironment(data)),
    [FORM_ACTIONS.edit]: async (context, data) => apply(context, form.edit(data)),
    [FORM_ACTIONS.assess]: async (context, data) => apply(context, await form.assess(turnFacts(context), data)),
  };

  const commands: Command[] = [
    {
      id: FORM_COMMAND_ID,
      usage: 'assess with a form',
      description: 'Fill in one form instead of answering questions one at a time.',
      pattern: FORM_PATTERN,
      scopes: ['personal'],
      run: async ({ turn }) => {
        await showForm(turn, form.start(), { replace: false });
      },
    },
    {
      id: 'assess-with-form-channel',
      usage: 'assess with a form',
      description: 'The assessment form works in a personal chat with me.',
      pattern: FORM_PATTERN,
      scopes: ['team', 'groupChat'],
      hidden: true,
      run: async ({ turn }) => {
        await turn.sendActivity('The assessment form asks about your tenants, so it works in a personal chat with me: open the chat with Migration Readiness and type **assess with a form**.');
      },
    },
  ];

  return { commands, submits };
}
