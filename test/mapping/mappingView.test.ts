import assert from 'node:assert/strict';
import {
  CORRECTED_TEXT_LIMIT, MAPPING_MORE_VERB, MAPPING_PAGE_SIZE, REMOVED_LINES_LISTED, correctedFileMessage, fileConsentAttachment,
  htmlToText, mappingCheckHeader, mappingResultView, pastedMappingText,
} from '../../src/cards/mappingView.js';
import { renderCard } from '../../src/cards/renderer.js';
import { parseCheckRequest } from '../../src/services/mappingService.js';
import {
  DEFAULT_PROBLEMS_SHOWN, checkMappingFile, mappingProblemsPage, normaliseMappingFile, summariseMappingReport,
  type CheckMappingInput,
} from '../../src/domain/mapping/index.js';
import { validateCard } from '../support/cardValidator.js';

function checked(input: CheckMappingInput, id = 'abcdefgh2345') {
  const report = checkMappingFile(input);
  const summary = summariseMappingReport(report);
  return {
    report,
    check: { id, header: mappingCheckHeader(report, summary, null), problems: mappingProblemsPage(report, 0, 1000).problems, problemsTotal: report.problems.length },
  };
}

/** n users mapped to themselves: n errors, one per line. */
const selfMapped = (n: number) => Array.from({ length: n }, (_, i) => `u${i}@contoso.com,u${i}@contoso.com`).join('\n');

describe('mapping result view', () => {
  it('pages: the first card shows the first problems, then pages of ten, then back to the start', () => {
    const { check } = checked({ text: selfMapped(23) });
    assert.equal(check.problemsTotal, 23);
    const first = mappingResultView(check, 0);
    assert.equal(first.problems.length, DEFAULT_PROBLEMS_SHOWN);
    assert.deepEqual([first.more.show, first.more.offset, first.first.show], [true, 5, false]);
    assert.equal(first.pageNote, 'Problems 1–5 of 23.');
    assert.equal(first.more.title, 'Show more (18 more)');
    assert.equal(first.more.verb, MAPPING_MORE_VERB);
    const second = mappingResultView(check, first.more.offset);
    assert.equal(second.problems.length, MAPPING_PAGE_SIZE);
    assert.equal(second.problems[0]!.where, 'Line 6');
    assert.deepEqual([second.more.offset, second.first.show], [15, true]);
    const last = mappingResultView(check, 15);
    assert.equal(last.problems.length, 8);
    assert.equal(last.more.show, false);
    assert.equal(last.pageNote, 'Problems 16–23 of 23.');
  });

  it('says how many problems were not kept, and tolerates odd offsets', () => {
    const { check } = checked({ text: selfMapped(12) });
    const capped = { ...check, problems: check.problems.slice(0, 8) };
    const last = mappingResultView(capped, 5);
    assert.equal(last.more.show, false);
    assert.match(last.pageNote, /Problems 6–8 of 12\. 4 more are not listed: fix these first, then check the file again\./);
    assert.equal(mappingResultView(capped, -3).problems[0]!.where, 'Line 1');
    assert.equal(mappingResultView(capped, Number.NaN).problems[0]!.where, 'Line 1');
    assert.equal(mappingResultView(capped, 999).problems.length, 1, 'past the end: the last problem');
  });

  it('shows Microsoft\'s message where there is one, and the badge for each status', () => {
    const { check } = checked({ text: 'a@contoso.com,a@contoso.com' });
    const view = mappingResultView(check);
    assert.equal(view.badge.label, 'Fix these before the move');
    assert.equal(view.problems[0]!.microsoftMessage, 'Microsoft\'s validation says: "Target on line \'1\' is same as source email ID"');
    assert.equal(mappingResultView(checked({ text: 'a@contoso.com,a@fabrikam.com' }).check).badge.label, 'Ready for Microsoft\'s validation');
    assert.equal(mappingResultView(checked({ text: ' a@contoso.com,a@fabrikam.com' }).check).badge.label, 'No errors; check the warnings');
    const workbook = checked({ fileName: 'usermapping.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]) }).check;
    assert.equal(mappingResultView(workbook).badge.label, 'Not a CSV text file');
    assert.equal(mappingResultView(workbook).hasHeaderNote, false);
  });

  it('a value with "${" cannot break the template, and every view renders to a valid card', () => {
    // "$", "{" and "}" are legal in an address's local part.
    const { check } = checked({ fileName: 'user${mapping}.csv', text: '${x}@contoso.com,${x}@contoso.com' });
    const view = mappingResultView(check);
    const card = JSON.stringify(renderCard('mappingResult', view));
    assert.deepEqual(validateCard(JSON.parse(card)), []);
    assert.match(card, /user\$\u200b\{mapping\}\.csv/);
    assert.match(card, /\$\u200b\{x\}@contoso.com is mapped to itself/);
  });

  it('names the domains it checked, or how to have them checked', () => {
    const withDomains = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com', sourceDomains: ['contoso.com'], destinationDomains: ['fabrikam.com'] });
    assert.equal(mappingCheckHeader(withDomains, summariseMappingReport(withDomains), { assessmentId: 'x', environment: 'Sales' }).domainsNote,
      'Domains checked: source contoso.com; destination fabrikam.com.');
    const without = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' });
    assert.match(mappingCheckHeader(without, summariseMappingReport(without), null).domainsNote, /^Domains not checked/);
  });
});

describe('corrected file message and consent card', () => {
  it('shows the file in a code block and lists what was left out', () => {
    const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com\nb@contoso.com,b@contoso.com\na@contoso.com,a@fabrikam.com' });
    const corrected = normaliseMappingFile(report)!;
    const text = correctedFileMessage(corrected, { fileOffered: true });
    assert.match(text, /```\nSource,Destination\na@contoso.com,a@fabrikam.com\n```/);
    assert.match(text, /- Line 2 \(b@contoso.com → b@contoso.com\): the destination is the same as the source/);
    assert.match(text, /- Line 3 \(a@contoso.com → a@fabrikam.com\): it repeats line 1/);
    assert.match(text, /accept the file below/);
    assert.doesNotMatch(correctedFileMessage(corrected, { fileOffered: false }), /accept the file/);
  });

  it('a long file is not pasted into the chat, and long lists of left-out lines are counted', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `user.number${i}@contoso.com,user.number${i}@fabrikam.com`);
    const dupes = Array.from({ length: 20 }, (_, i) => `user.number${i}@contoso.com,other${i}@fabrikam.com`);
    const corrected = normaliseMappingFile(checkMappingFile({ text: [...lines, ...dupes].join('\n') }))!;
    assert.ok(corrected.csv.length > CORRECTED_TEXT_LIMIT);
    const text = correctedFileMessage(corrected, { fileOffered: true });
    assert.doesNotMatch(text, /```/);
    assert.match(text, /too long to show in a message\. Accept the file below/);
    assert.equal(text.match(/^- Line /gm)?.length, REMOVED_LINES_LISTED);
    assert.match(text, /- and 25 more lines, listed on the card/);
  });

  it('the consent card carries the check id, the size and the file name, nothing else', () => {
    const corrected = normaliseMappingFile(checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' }))!;
    const card = fileConsentAttachment('abcdefgh2345', corrected, 60);
    assert.deepEqual(card, {
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: 'usermapping.csv',
      content: {
        description: 'The corrected user mapping file: 1 user, ready for Microsoft\'s validation.',
        sizeInBytes: 60,
        acceptContext: { checkId: 'abcdefgh2345' },
        declineContext: { checkId: 'abcdefgh2345' },
      },
    });
  });
});

describe('pasted text', () => {
  const cases: Array<{ name: string; text: string; html?: string; expect: string }> = [
    { name: 'line breaks in the text win', text: 'a@x.com,b@y.com\r\nc@x.com,d@y.com', html: '<p>ignored</p>', expect: 'a@x.com,b@y.com\r\nc@x.com,d@y.com' },
    { name: 'paragraphs in the HTML copy', text: 'a@x.com,b@y.com c@x.com,d@y.com', html: '<p>a@x.com,b@y.com</p><p>c@x.com,d@y.com</p>', expect: 'a@x.com,b@y.com\nc@x.com,d@y.com\n' },
    { name: 'nested divs and <br>', text: 'x', html: '<div><div>a@x.com,b@y.com<br>c@x.com,d@y.com</div></div>', expect: 'a@x.com,b@y.com\nc@x.com,d@y.com\n' },
    { name: 'a real blank line between paragraphs stays', text: 'x', html: '<p>a@x.com,b@y.com</p><p><br></p><p>c@x.com,d@y.com</p>', expect: 'a@x.com,b@y.com\n\nc@x.com,d@y.com\n' },
    { name: 'a code block keeps its lines', text: 'x', html: '<pre><code>Source,Destination\na@x.com,b@y.com</code></pre>', expect: 'Source,Destination\na@x.com,b@y.com\n' },
    { name: 'mailto links and entities', text: 'x', html: '<p><a href="mailto:o&#39;neil@x.com">o&#39;neil@x.com</a>,&nbsp;b@y.com</p><p>c&amp;d@x.com,e@y.com</p>', expect: "o'neil@x.com, b@y.com\nc&d@x.com,e@y.com\n" },
    { name: 'one line in both: the text as it is', text: 'a@x.com,b@y.com', html: '<p>a@x.com,b@y.com</p>', expect: 'a@x.com,b@y.com\n' },
    { name: 'a markdown mailto link to the same address is the address', text: '[a@x.com](mailto:a@x.com),b@y.com', expect: 'a@x.com,b@y.com' },
    { name: 'a markdown link to another address stays, for the checker to report', text: '[Adele](mailto:a@x.com),b@y.com', expect: '[Adele](mailto:a@x.com),b@y.com' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(pastedMappingText(c.text, c.html), c.expect));
  }

  it('htmlToText drops scripts and comments', () => {
    assert.equal(htmlToText('<p>a@x.com,b@y.com<script>alert(1)</script><!-- c --></p>'), 'a@x.com,b@y.com\n');
  });
});

describe('check mapping file request', () => {
  const cases: Array<{ text: string; expect: ReturnType<typeof parseCheckRequest> }> = [
    { text: 'check mapping file', expect: { assessmentId: null, environment: null, content: null } },
    { text: 'Validate my user mapping file!', expect: { assessmentId: null, environment: null, content: null } },
    { text: 'check usermapping.csv', expect: { assessmentId: null, environment: null, content: null } },
    { text: 'check mapping file for K7M2Q9XD Contoso Sales', expect: { assessmentId: 'k7m2q9xd', environment: 'Contoso Sales', content: null } },
    { text: 'check mapping file for assessment k7m2q9xd "Contoso Sales"', expect: { assessmentId: 'k7m2q9xd', environment: 'Contoso Sales', content: null } },
    { text: 'check mapping file for k7m2q9xd', expect: { assessmentId: 'k7m2q9xd', environment: null, content: null } },
    { text: 'check mapping file\na@x.com,b@y.com\nc@x.com,d@y.com', expect: { assessmentId: null, environment: null, content: 'a@x.com,b@y.com\nc@x.com,d@y.com' } },
    { text: 'check mapping file for k7m2q9xd Sales\na@x.com,b@y.com', expect: { assessmentId: 'k7m2q9xd', environment: 'Sales', content: 'a@x.com,b@y.com' } },
    { text: 'check mapping file for k7m2q9xd Sales a@x.com,b@y.com c@x.com,d@y.com', expect: { assessmentId: 'k7m2q9xd', environment: 'Sales', content: 'a@x.com,b@y.com c@x.com,d@y.com' } },
    { text: 'check mapping file a@x.com,b@y.com', expect: { assessmentId: null, environment: null, content: 'a@x.com,b@y.com' } },
    { text: 'check eligibility', expect: null },
    { text: 'a@x.com,b@y.com', expect: null },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.text), () => assert.deepEqual(parseCheckRequest(c.text), c.expect));
  }
});
