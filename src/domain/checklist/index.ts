export * from './types.js';
export * from './roles.js';
export { CHECKLIST_SOURCES } from './sources.js';
export { buildChecklist, CHECKLIST_RULES } from './build.js';
export {
  toggleItem, setPhaseDue, progress, parseChecklistPhase, parseDueArgs, isCalendarDate,
  MAX_APPLIED_ACTION_KEYS, MAX_ACTION_KEY_LENGTH,
} from './state.js';
export type { DueArgs } from './state.js';
