/** The user mapping file checker's public API. */
export * from './checks.js';
export { MAPPING_ENCODINGS, decodeMappingBytes, type MappingEncoding } from './decode.js';
export { addressFault, isAddress } from './email.js';
export { checkMappingFile } from './checkMappingFile.js';
export { normaliseMappingFile, type NormalisedMappingFile } from './normalise.js';
export { analyseMappings, type MappingAnalysis, type RemovedRow } from './selection.js';
export {
  DEFAULT_PROBLEMS_SHOWN, describeLines, mappingProblemsPage, problemView, summariseMappingReport,
  type MappingProblemView, type MappingProblemsPage, type MappingStatus, type MappingSummary,
} from './summary.js';
export { mappingDomainsFromProfile, withMappedUsers } from './profile.js';
export type * from './types.js';
