/** The mailbox-move engine's public surface (docs/mailbox-moves.md). Pure: no SDK, server or storage imports. */
export * from './types.js';
export { assessMailboxInput, assessMailboxMove, summariseReadiness, toMailboxFinding, type MailboxAssessOutcome } from './assess.js';
export {
  MAX_GROUP_NAME, MAX_MAILBOX_ISSUES, MAX_USERS, checkGroupName, isSafeAddress, parseMailboxProfileJson, validateMailboxProfile,
} from './validate.js';
export { LARGE_SCOPE_GROUP, MAILBOX_RULES, MAILBOX_RULE_BY_ID, MAX_AUX_ARCHIVES, MAX_BATCH_SIZE, type MailboxRule, type MailboxRuleHit } from './rules.js';
export { batchCsv, buildCommands, buildFiles, validationCsv, validationScriptCommands } from './commands.js';
export {
  BATCH_CSV_FILE, BLOCKED_CSV_FILE, DEFAULT_SCOPE_GROUP, VALIDATION_CSV_FILE, batchName, consentUrl, endpointName,
  scopeGroupName, sourceRelationshipName, targetRelationshipName,
} from './names.js';
export { EXO_SOURCES, VALIDATION_SCRIPT_DOWNLOAD, VALIDATION_SCRIPT_FILE, type SourcePage } from './sources.js';
export {
  decodeLogBytes, readValidationLog, readValidationLogText,
  type DecodedLog, type LogCounts, type LogEncoding, type LogFinding, type LogReading, type MailboxLogResult, type ValidationLogReport,
} from './log.js';
export { LOG_MESSAGE_KINDS, classifyLogMessage, type LogMessageKind } from './logMessages.js';
export { NAMES_IN_SENTENCE, blockedMailboxesCsv, causeSentence, groupByCause, logHeadline, mailboxLabel, type CauseGroup } from './logSummary.js';
export { SIDE_HEADINGS, codeFence, commandsBySide, renderLogMarkdown, renderMailboxMarkdown } from './markdown.js';
export { MAILBOX_QUESTIONNAIRE, MAILBOX_QUESTIONS, mailboxDraftToInput, type MailboxDraft } from './questions.js';
