/** The eligibility engine's public surface: profile in, assessment out. Pure: no SDK, server or storage imports. */
export * from './types.js';
export { assess, assessInput, compareFindings, verdictFor, worstVerdict, type AssessOutcome } from './assess.js';
export { MAX_ENVIRONMENTS, MAX_ISSUES, parseProfileJson, validateProfile } from './validateProfile.js';
export { renderMarkdown, VERDICT_LABELS } from './markdown.js';
export { assessmentFileNames, buildAssessmentDocument, renderAssessmentHtml, type ReportMeta } from './report.js';
export { marketingState } from './marketing.js';
export { DOCS } from './sources.js';
export { RULES, PER_ENVIRONMENT_RULES, TENANT_WIDE_RULES, type Rule, type RuleHit } from './rules/index.js';
export {
  CLOUD_NAMES, REGION_NAMES, SOLUTION_NAMES, compactKey, lookupSolution, quoteInput, parseCloud, parseCount, parseEnvironmentType,
  parseRegion, parseSolutions, parseStorageGb, parseYesNo, type Parsed, type ParsedSolutions,
} from './inputParsing.js';
