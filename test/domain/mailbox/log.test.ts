import assert from 'node:assert/strict';
import {
  LOG_RULE_IDS, blockedMailboxesCsv, causeSentence, decodeLogBytes, groupByCause, logHeadline, readValidationLog,
  type ValidationLogReport,
} from '../../../src/domain/mailbox/index.js';
import {
  DIRSYNCED, FOOTER, HEADER, MAILBOX_MESSAGES, MODULE_WARNING, ORG_MESSAGES, PASSED, generatedTranscript, mailboxBlock,
  utf16be, utf16le, utf8,
} from './transcript.js';

function read(input: string | Uint8Array): ValidationLogReport {
  const reading = readValidationLog(input);
  if (!reading.ok) throw new Error(reading.reason);
  return reading.report;
}

/** Every mailbox message kind on its own mailbox, prompts answered, org checks first, junk in between. */
function everyKindTranscript(eol = '\r\n'): string {
  const lines = [...HEADER, MODULE_WARNING, 'Informational: Checking organization settings', ...ORG_MESSAGES.map((m) => m.line)];
  MAILBOX_MESSAGES.forEach((kind, i) => {
    const source = `user${i}@contoso.com`;
    const target = `user${i}@fabrikam.com`;
    const results = [...PASSED.slice(0, 1), kind.line(source, target)];
    if (kind.answer) results.push(' Your input: n');
    if (i === 3) results.push('Some junk line that nobody expected');
    lines.push(...mailboxBlock(source, target, results));
  });
  lines.push(...mailboxBlock('clean@contoso.com', 'clean@fabrikam.com', PASSED));
  lines.push('WARNING: Your connection has been redirected to the following URI: "https://outlook.office365.com/"');
  lines.push(...FOOTER);
  return `${lines.join(eol)}${eol}`;
}

describe('validation log reader', () => {
  it('recognises every message kind of the script, per mailbox, with its rule, severity and hold', () => {
    const report = read(everyKindTranscript());
    assert.equal(report.counts.mailboxes, MAILBOX_MESSAGES.length + 1);
    MAILBOX_MESSAGES.forEach((kind, i) => {
      const m = report.mailboxes[i]!;
      assert.equal(m.source, `user${i}@contoso.com`);
      assert.equal(m.target, `user${i}@fabrikam.com`);
      assert.equal(m.findings.length, 1, `mailbox ${i}: ${JSON.stringify(m.findings)}`);
      const [f] = m.findings;
      assert.equal(f!.ruleId, kind.ruleId, `mailbox ${i}`);
      assert.equal(f!.severity, kind.severity, `mailbox ${i}`);
      assert.equal(f!.hold, kind.hold, `mailbox ${i}`);
      assert.equal(f!.basis, 'documented');
      assert.match(f!.sourceDate!, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(m.ready, kind.severity !== 'blocker', `mailbox ${i}`);
    });
    const clean = report.mailboxes.at(-1)!;
    assert.deepEqual([clean.source, clean.ready, clean.findings.length], ['clean@contoso.com', true, 0]);
  });

  it('keeps organisation findings apart', () => {
    const report = read(everyKindTranscript());
    assert.deepEqual(report.organization.findings.map((f) => f.ruleId), ORG_MESSAGES.map((m) => m.ruleId));
    assert.ok(report.mailboxes.every((m) => m.findings.every((f) => !['exo-app-missing', 'exo-endpoint-missing', 'exo-orgrel-target', 'exo-orgrel-source'].includes(f.ruleId))));
  });

  it('every log rule id of the spec is produced by some message', () => {
    const report = read(everyKindTranscript());
    const seen = new Set([...report.organization.findings, ...report.mailboxes.flatMap((m) => m.findings)].map((f) => f.ruleId));
    assert.deepEqual([...LOG_RULE_IDS].filter((id) => !seen.has(id)), []);
  });

  it('names every hold kind', () => {
    const report = read(everyKindTranscript());
    const holds = new Set(report.mailboxes.flatMap((m) => m.findings).map((f) => f.hold).filter(Boolean));
    assert.deepEqual([...holds].sort(), ['archive-substrate', 'delay', 'delay-release', 'in-place', 'legacy-ediscovery', 'litigation', 'organizational', 'retention-label']);
  });

  it('keeps and counts unrecognised lines, never the banner, prompts, echoes or module warnings', () => {
    const report = read(everyKindTranscript());
    assert.deepEqual(report.unrecognised, ['Some junk line that nobody expected']);
    assert.equal(report.counts.unrecognised, 1);
    assert.equal(report.unrecognisedLines.length, 1);
  });

  it('reads the same result from UTF-8 (with and without BOM), UTF-16 LE and BE (with and without BOM), CRLF or LF, and pasted text', () => {
    const crlf = everyKindTranscript('\r\n');
    const lf = everyKindTranscript('\n');
    const expected = JSON.stringify({ ...read(crlf), encoding: null });
    const variants: Array<[string, string | Uint8Array, string]> = [
      ['pasted', lf, 'text'],
      ['utf-8', utf8(crlf), 'utf-8'],
      ['utf-8 BOM', utf8(lf, true), 'utf-8-bom'],
      ['utf-16le BOM', utf16le(crlf), 'utf-16le'],
      ['utf-16le no BOM', utf16le(lf, false), 'utf-16le'],
      ['utf-16be BOM', utf16be(crlf), 'utf-16be'],
      ['utf-16be no BOM', utf16be(crlf, false), 'utf-16be'],
    ];
    for (const [name, input, encoding] of variants) {
      const report = read(input);
      assert.equal(report.encoding, encoding, name);
      assert.equal(JSON.stringify({ ...report, encoding: null }), expected, name);
    }
  });

  it('marks a finding dirSynced when the script says the change is made on-premises, inline or on the next line', () => {
    const text = [
      ...HEADER,
      ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', [
        '>> Error: LegacyExchangeDN not found as an X500 ProxyAddress on Target Object. LegacyExchangeDN expected on target object: /o=x/cn=ada',
        DIRSYNCED,
        '>> Error: smtp:ada@contoso.com is not part of your organization. The object is DirSynced and this is not a change that can be done directly on EXO. Please do the change on-premises and perform an AADConnect delta sync',
      ]),
      ...FOOTER,
    ].join('\n');
    const [m] = read(text).mailboxes;
    assert.deepEqual(m!.findings.map((f) => [f.ruleId, f.dirSynced]), [['exo-x500-missing', true], ['exo-foreign-proxy', true]]);
  });

  it('a source with no TARGET line (the target was not found) is still a mailbox, named by its source', () => {
    const text = ['Informational: Loading SOURCE object ghost@contoso.com', '>> Error: ghost@contoso.com wasn\'t found on SOURCE tenant',
      ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', PASSED)].join('\n');
    const report = read(text);
    assert.deepEqual(report.mailboxes.map((m) => [m.source, m.target, m.ready]), [['ghost@contoso.com', null, false], ['ada@contoso.com', 'ada@fabrikam.com', true]]);
  });

  it('a header whose closing row of asterisks was lost does not swallow the results', () => {
    const text = [...HEADER.slice(0, 5), ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario'])].join('\n');
    const report = read(text);
    assert.equal(report.counts.blocked, 1);
    assert.equal(report.mailboxes[0]!.findings[0]!.hold, 'litigation');
  });

  it('merges a mailbox checked twice (two runs pasted together)', () => {
    const run = mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']);
    const report = read([...run, ...run].join('\n'));
    assert.equal(report.counts.mailboxes, 1);
    assert.equal(report.mailboxes[0]!.findings.length, 2);
  });

  it('an error it cannot name keeps the mailbox from ready and is listed as unrecognised', () => {
    const report = read(mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: Something new went wrong']).join('\n'));
    const [m] = report.mailboxes;
    assert.equal(m!.ready, false);
    assert.equal(m!.findings[0]!.ruleId, 'exo-log-unrecognised');
    assert.equal(m!.findings[0]!.basis, 'inferred');
    assert.deepEqual(report.unrecognised, ['>> Error: Something new went wrong']);
  });

  it('counts error and warning lines as the script printed them', () => {
    const report = read(everyKindTranscript());
    const warningsPrinted = MAILBOX_MESSAGES.filter((k) => k.line('a', 'b').startsWith('>> Warning')).length;
    assert.equal(report.counts.warnings, warningsPrinted);
    assert.equal(report.counts.errors, MAILBOX_MESSAGES.length - warningsPrinted + ORG_MESSAGES.length);
  });

  describe('not a log', () => {
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['empty bytes', new Uint8Array(), /empty/],
      ['a zip (the collected data)', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), /zip archive.*-SourceIsOffline/],
      ['binary', new Uint8Array([1, 0, 2, 0, 0, 0, 7, 9, 0, 0, 0, 1]), /binary/],
      ['a CSV', 'SourceUser,TargetUser\nada@contoso.com,ada@fabrikam.com\n', /none of the script's result lines/],
      ['a transcript of something else', [...HEADER, 'PS C:\\> Get-Mailbox', 'Name  Alias', ...FOOTER].join('\n'), /no results of the script/],
    ];
    for (const [name, input, reason] of cases) {
      it(`${name}: a clear answer, no report`, () => {
        const reading = readValidationLog(input);
        assert.equal(reading.ok, false);
        assert.match(!reading.ok ? reading.reason : '', /^This is not a log of Microsoft's validation script/);
        assert.match(!reading.ok ? reading.reason : '', reason);
      });
    }
    it('decodeLogBytes never throws on random bytes', () => {
      let seed = 7;
      for (let n = 0; n < 200; n++) {
        const bytes = new Uint8Array(64).map(() => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed & 0xff; });
        decodeLogBytes(bytes);
        readValidationLog(bytes);
      }
    });
  });
});

describe('validation log summary', () => {
  it('groups blocked mailboxes by cause: "12 mailboxes are on litigation hold: ..."', () => {
    const lines: string[] = [...HEADER];
    for (let i = 0; i < 12; i++) lines.push(...mailboxBlock(`lit${i}@contoso.com`, `lit${i}@fabrikam.com`, ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario']));
    lines.push(...mailboxBlock('one@contoso.com', 'one@fabrikam.com', ['>> Error: Neither SOURCE mailbox or TARGET MailUser have a valid T2T migration license. This is a pre-requisite']));
    lines.push(...mailboxBlock('ok@contoso.com', 'ok@fabrikam.com', PASSED), ...FOOTER);
    const report = read(lines.join('\r\n'));
    const groups = groupByCause(report);
    assert.deepEqual(groups.map((g) => g.headline), ['12 mailboxes are on litigation hold', '1 mailbox has no migration licence']);
    assert.equal(causeSentence(groups[0]!), '12 mailboxes are on litigation hold: lit0@contoso.com, lit1@contoso.com, lit2@contoso.com, lit3@contoso.com, lit4@contoso.com and 7 more.');
    assert.equal(causeSentence(groups[1]!), '1 mailbox has no migration licence: one@contoso.com.');
    assert.equal(logHeadline(report), '1 of 14 mailboxes are ready; 13 blocked.');
  });

  it('the blocked-mailbox CSV lists each not-ready mailbox once, with its causes, safe for a spreadsheet', () => {
    const text = [
      ...mailboxBlock('ada@contoso.com', 'ada@fabrikam.com', ['>> Error: SOURCE mailbox is under Litigation Hold and this is not a supported scenario', '>> Error: ExchangeGuid mismatch. Expected value: 1 ,Current value: 2', DIRSYNCED]),
      ...mailboxBlock('=cmd|calc@contoso.com', 'b@fabrikam.com', ['>> Error: SOURCE mailbox is NOT within the MailboxMovePublishedScopes. The migration will fail if you don\'t correct this']),
      ...mailboxBlock('ok@contoso.com', 'ok@fabrikam.com', PASSED),
    ].join('\n');
    assert.equal(blockedMailboxesCsv(read(text)),
      'SourceUser,TargetUser,Causes,DirSynced\r\n'
      + 'ada@contoso.com,ada@fabrikam.com,On litigation hold (litigation); ExchangeGuid or ArchiveGuid does not match,yes\r\n'
      + "'=cmd|calc@contoso.com,b@fabrikam.com,Not in the scope group,no\r\n");
  });

  it('a 5,000-mailbox log reads completely (speed is measured in bench/mailboxLog.bench.ts)', () => {
    const report = read(utf16le(generatedTranscript(5000)));
    assert.equal(report.counts.mailboxes, 5000);
    assert.equal(report.counts.unrecognised, 0);
    assert.equal(report.counts.ready + report.mailboxes.filter((m) => !m.ready).length, 5000);
  });
});
