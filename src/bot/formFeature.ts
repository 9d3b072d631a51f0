/**
 * "assess with a form": one Adaptive Card with every tenant field and one or more environments, as an alternative
 * to the guided interview, giving the same migration profile (src/cards/profileFormView.ts does the mapping).
 *
 * The card uses Action.Submit, which Teams delivers as a message whose `value` holds every input plus the button's
 * data, with no text; the bot routes it here by the data's `action` (BotDeps.submits). The card itself carries the
 * whole state: nothing is stored between submits, an old form still works after a restart, and each re-render
 * writes the submitted values back into the inputs.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment } from '../cards/renderer.js';
import {
  FORM_ACTIONS, MAX_FORM_ENVIRONMENTS, PROFILE_FORM_CARD,
  addEnvironment, clampEnvironmentCount, initialFormValues, pickFormValues, profileFormView, readProfileForm, removeEnvironment,
  submittedFormView, type ProfileFormView,
} from '../cards/profileFormView.js';
import type { CompletionResult } from '../dialogs/eligibilityDialog.js';
import type { Logger } from '../logging.js';
import type { Command } from './commands.js';
import type { SubmitHandler } from './teamsBot.js';

export const FORM_COMMAND_ID = 'assess-with-form';
export const FORM_PATTERN = /^(assess with (a |the )?form|assessment form|(use|open|fill in|send me) (a |the )?form|form)$/i;

export interface FormFeature {
  commands: Command[];
  /** Action.Submit handlers by the card data's `action` (FORM_ACTIONS), for BotDeps.submits. */
  submits: Record<string, SubmitHandler>;
}

export interface FormFeatureDeps {
  /** Validates, assesses, saves and shows the result cards (eligibilityFeature().completeProfile). */
  completeProfile(context: TurnContext, input: unknown): Promise<CompletionResult>;
  logger: Logger;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formFeature(deps: FormFeatureDeps): FormFeature {
  const { completeProfile, logger } = deps;

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
        logger.warn('form card update failed', { status: (error as { statusCode?: number }).statusCode, newCard: options.newIfNotReplaced !== false });
      }
    }
    if (options.newIfNotReplaced === false) return;
    await context.sendActivity(MessageFactory.attachment(attachment));
  };

  const submits: Record<string, SubmitHandler> = {
    [FORM_ACTIONS.addEnvironment]: async (context, data) => {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(data, envCount);
      if (envCount >= MAX_FORM_ENVIRONMENTS) {
        const notice = `This form takes up to ${MAX_FORM_ENVIRONMENTS} environments. For more, type **check eligibility** and I'll ask about each one in turn.`;
        await showForm(context, profileFormView({ values, envCount, notice }), { replace: true });
        return;
      }
      await showForm(context, profileFormView(addEnvironment(values, envCount)), { replace: true });
    },

    [FORM_ACTIONS.removeEnvironment]: async (context, data) => {
      const envCount = clampEnvironmentCount(data.envs);
      const index = typeof data.index === 'number' ? data.index : Number(data.index);
      await showForm(context, profileFormView(removeEnvironment(pickFormValues(data, envCount), envCount, index)), { replace: true });
    },

    [FORM_ACTIONS.edit]: async (context, data) => {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(isRecord(data.values) ? data.values : {}, envCount);
      await showForm(context, profileFormView({ values, envCount }), { replace: true });
    },

    [FORM_ACTIONS.assess]: async (context, data) => {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(data, envCount);
      const reading = readProfileForm(values, envCount);
      if (!reading.ok) {
        logger.info('form returned with problems', { fields: reading.errors.length, general: reading.general.length, environments: envCount });
        await showForm(context, profileFormView({ values, envCount, errors: reading.errors, general: reading.general }), { replace: true });
        return;
      }
      const result = await completeProfile(context, reading.draft);
      if (!result.ok) {
        // The form's own validation is the engine's, so this means the two drifted apart: keep every answer.
        logger.warn('form profile refused after it validated', { problems: result.problems.length });
        await showForm(context, profileFormView({ values, envCount, general: result.problems }), { replace: true });
        return;
      }
      // The result cards are already sent; turning the form into a summary stops a second press saving a
      // duplicate. If Teams refuses the update the old form stays, which is harmless, so no new card is sent.
      await showForm(context, submittedFormView(values, envCount, reading.profile), { replace: true, newIfNotReplaced: false });
    },
  };

  const commands: Command[] = [
    {
      id: FORM_COMMAND_ID,
      usage: 'assess with a form',
      description: 'Fill in one form instead of answering questions one at a time.',
      pattern: FORM_PATTERN,
      scopes: ['personal'],
      run: async ({ turn }) => {
        await showForm(turn, profileFormView({ values: initialFormValues(), envCount: 1 }), { replace: false });
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
