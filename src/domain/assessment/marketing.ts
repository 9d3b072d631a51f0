/**
 * The state of Dynamics 365 Marketing (Customer Insights - Journeys) after a tenant-to-tenant move, as the
 * Journeys tenant-to-tenant guide describes it (2020 Marketing text, 2023 Journeys text with its extra exclusions),
 * read in the light of the removal of outbound marketing on 2025-06-30 (Journeys overview page): points the guide
 * makes about lead scoring and landing pages concerned outbound marketing, which no longer exists.
 */
import type { MarketingStateId, MarketingStateItem } from './types.js';

const MARKETING_STATE: Readonly<Record<MarketingStateId, string>> = {
  'outbound-retired': 'Outbound marketing was removed on 30 June 2025: only real-time journeys remain, and what follows applies to them. The guide\'s points about lead scoring and landing pages were about outbound marketing.',
  'app-upgraded': 'The Marketing app is upgraded to the latest version available on the day of the move.',
  'settings-kept': 'Marketing settings and customizations from the source environment are present.',
  'live-records-draft': 'Everything that was live (journeys, emails and the like) is back in draft and must be checked and published again.',
  'interaction-data-missing': 'Interaction data such as email clicks and website visits is not carried over and most insights start again; new interactions in the moved environment do not affect the source.',
  'assets-missing': 'Uploaded content assets (images and files used in emails) are not carried over; re-publishing a previously published email shows broken links until the assets are uploaded again.',
  'analytics-missing': 'Analytics data such as journey analytics, and Customer Voice data, is not carried over.',
  'general-norms': 'Everything else follows the general tenant-to-tenant behaviour of the environment.',
};

/** A fresh copy each time, in the contract's order, so callers may not mutate a shared list. */
export function marketingState(): MarketingStateItem[] {
  return (Object.keys(MARKETING_STATE) as MarketingStateId[]).map((id) => ({ id, text: MARKETING_STATE[id] }));
}
