/**
 * Waiting for a mapping file, as a botbuilder dialog (src/dialogs/waitForMessage.ts): one message holding the file
 * (an upload or pasted lines). The dialog keeps only the assessment link; what a message means is the mapping
 * service's answer (src/services/mappingService.ts).
 */
import type { TurnContext } from 'botbuilder';
import type { MappingLink } from '../cards/mappingView.js';
import { turnFacts } from '../bot/turnInfo.js';
import type { MappingMessage, MappingService, WaitOutcome } from '../services/mappingService.js';
import { WaitForMessageDialog, type WaitEdge } from './waitForMessage.js';

export const MAPPING_DIALOG = 'mappingFileDialog';

export interface WaitState {
  link: MappingLink | null;
}

/** Reads the message's text and files; posts an outcome's replies, then shows a new assessment when there is one. */
export type MappingDialogEdge = WaitEdge<MappingMessage, WaitOutcome>;

export class MappingFileDialog extends WaitForMessageDialog<WaitState, MappingMessage, WaitOutcome> {
  constructor(private readonly mapping: MappingService, edge: MappingDialogEdge) {
    super(MAPPING_DIALOG, edge);
  }

  protected initialState(options: Partial<WaitState> | undefined): WaitState {
    return { link: options?.link ?? null };
  }

  protected ask(context: TurnContext, state: WaitState): Promise<string> {
    return this.mapping.askForFile(turnFacts(context), state.link);
  }

  protected answer(context: TurnContext, state: WaitState, message: MappingMessage): Promise<WaitOutcome> {
    return this.mapping.whileWaiting(turnFacts(context), state.link, message);
  }
}
