/** Shared inputs of the mailbox tests: interview answers and a short validation log. */
import { mailboxBlock } from '../domain/mailbox/transcript.js';

export const INTERVIEW = [
  'contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555', 'skip', 'skip', 'no',
  'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'skip', 'skip', 'no',
  '250', 'yes', '250', '0', 'no', 'skip', 'skip', 'no', 'partly', 'no', 'no', 'skip', 'no',
];

/** A short log: two mailboxes on litigation hold, one ready, one organisation problem. */
export const SHORT_LOG = [
  'Informational: Checking organization settings',
  '>> Error: Expected Migration endpoint not found',
  ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']),
  ...mailboxBlock('bob@contoso.com', 'bob@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']),
  ...mailboxBlock('cy@contoso.com', 'cy@fabrikam.com', ['>> ExchangeGuid match ok']),
].join('\r\n');

