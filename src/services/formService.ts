/**
 * "assess with a form", the application service: one Adaptive Card with every tenant field and one or more
 * environments, as an alternative to the guided interview, giving the same migration profile
 * (src/cards/profileFormView.ts does the mapping).
 *
 * The card carries the whole state: nothing is stored between submits, an old form still works after a restart,
 * and each re-render writes the submitted values back into the inputs. Every submit answers with the form to show
 * in place of the pressed one, after the messages to post first (the result cards of a completed assessment). The
 * Teams route file (src/bot/formRoutes.ts) posts and replaces.
 */
import {
  MAX_FORM_ENVIRONMENTS,
  addEnvironment, clampEnvironmentCount, initialFormValues, pickFormValues, profileFormView, readProfileForm, removeEnvironment,
  submittedFormView, type ProfileFormView,
} from '../cards/profileFormView.js';
import type { Logger } from '../logging.js';
import type { OutboundActivity } from '../proactive/notifier.js';
import type { EligibilityService } from './eligibilityService.js';
import type { TurnFacts } from './turn.js';

export interface FormServiceDeps {
  /** Validates, assesses and saves (eligibilityService().complete). */
  eligibility: Pick<EligibilityService, 'complete'>;
  logger: Logger;
}

/**
 * What a submit does: post `replies` first, then show `form` in place of the card whose button was pressed; when
 * that card cannot be replaced, post the form as a new card unless `newIfNotReplaced` is false.
 */
export interface FormOutcome {
  replies: OutboundActivity[];
  form: ProfileFormView;
  newIfNotReplaced: boolean;
}

export type FormService = ReturnType<typeof formService>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const show = (form: ProfileFormView): FormOutcome => ({ replies: [], form, newIfNotReplaced: true });

export function formService(deps: FormServiceDeps) {
  const { eligibility, logger } = deps;
  return {
    /** A new, empty form with one environment. */
    start(): ProfileFormView {
      return profileFormView({ values: initialFormValues(), envCount: 1 });
    },

    addEnvironment(data: Record<string, unknown>): FormOutcome {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(data, envCount);
      if (envCount >= MAX_FORM_ENVIRONMENTS) {
        const notice = `This form takes up to ${MAX_FORM_ENVIRONMENTS} environments. For more, type **check eligibility** and I'll ask about each one in turn.`;
        return show(profileFormView({ values, envCount, notice }));
      }
      return show(profileFormView(addEnvironment(values, envCount)));
    },

    removeEnvironment(data: Record<string, unknown>): FormOutcome {
      const envCount = clampEnvironmentCount(data.envs);
      const index = typeof data.index === 'number' ? data.index : Number(data.index);
      return show(profileFormView(removeEnvironment(pickFormValues(data, envCount), envCount, index)));
    },

    /** "Edit" on a submitted form's summary: the form again, with the values it was submitted with. */
    edit(data: Record<string, unknown>): FormOutcome {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(isRecord(data.values) ? data.values : {}, envCount);
      return show(profileFormView({ values, envCount }));
    },

    /**
     * "Assess": the form again with every problem next to its field (nothing lost), or the assessment saved, its
     * cards to post, and the form turned into a summary so a second press does not save a duplicate.
     */
    async assess(turn: TurnFacts, data: Record<string, unknown>): Promise<FormOutcome> {
      const envCount = clampEnvironmentCount(data.envs);
      const values = pickFormValues(data, envCount);
      const reading = readProfileForm(values, envCount);
      if (!reading.ok) {
        logger.info('form returned with problems', { fields: reading.errors.length, general: reading.general.length, environments: envCount });
        return show(profileFormView({ values, envCount, errors: reading.errors, general: reading.general }));
      }
      const result = await eligibility.complete(turn, reading.draft);
      if (!result.ok) {
        // The form's own validation is the engine's, so this means the two drifted apart: keep every answer.
        logger.warn('form profile refused after it validated', { problems: result.problems.length });
        return show(profileFormView({ values, envCount, general: result.problems }));
      }
      // If Teams refuses the update the old form stays, which is harmless, so no new card is sent.
      return { replies: result.show, form: submittedFormView(values, envCount, reading.profile), newIfNotReplaced: false };
    },
  };
}
