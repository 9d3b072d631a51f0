import assert from 'node:assert/strict';
import { REDACTED, redactDeep, redactText } from '../../src/storage/redact.js';

describe('transcript redaction', () => {
  const cases: Array<[string, string, string]> = [
    [
      'SharePoint tempauth in a download URL',
      'https://x.sharepoint.com/_layouts/15/download.aspx?UniqueId=1&tempauth=abc.def.ghi&ApiVersion=2.0',
      'https://x.sharepoint.com/_layouts/15/download.aspx?UniqueId=1&tempauth=[redacted]&ApiVersion=2.0',
    ],
    ['OAuth access token first in the query', 'https://a.example/cb?access_token=s3cr3t', 'https://a.example/cb?access_token=[redacted]'],
    ['Azure SAS signature', 'https://acct.blob.core.windows.net/c/f?sv=2022&sig=AbC%2Bd', 'https://acct.blob.core.windows.net/c/f?sv=2022&sig=[redacted]'],
    ['HTML-escaped ampersand', '<a href="https://x/?a=1&amp;tempauth=zzz">f</a>', '<a href="https://x/?a=1&amp;tempauth=[redacted]">f</a>'],
    ['token in a fragment', 'https://app/#id_token=abc&state=1', 'https://app/#id_token=[redacted]&state=1'],
    ['case-insensitive names', 'https://x/?TempAuth=abc', 'https://x/?TempAuth=[redacted]'],
    ['bearer header pasted as text', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345', 'Authorization: Bearer [redacted]'],
    ['bare JWT', 'my token is eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl ok', 'my token is [redacted] ok'],
  ];
  for (const [name, input, expected] of cases) {
    it(`redacts ${name}`, () => assert.equal(redactText(input), expected));
  }

  const untouched = [
    'Plain text about tokens and the bearer of news',
    'https://learn.microsoft.com/power-platform/admin/move-environment-tenant?tabs=pac',
    'Basic questions about migration',
    'https://x/?tokens=5&code_page=1',
  ];
  for (const text of untouched) {
    it(`leaves "${text}" alone`, () => assert.equal(redactText(text), text));
  }

  it('redacts credential-named properties at any depth, case and spelling, and copies the input', () => {
    const input = {
      attachments: [{ content: { downloadUrl: 'https://x/?tempauth=1', uniqueId: 'u' } }],
      value: { token: 't', Access_Token: 'a', nested: [{ 'refresh-token': 'r', authorization: 'Basic x' }] },
      uploadInfo: { uploadUrl: 'https://upload', name: 'file.txt' },
      emptyToken: { token: '' },
      ['__proto__']: { password: 'p' },
    } as Record<string, unknown>;
    const before = JSON.stringify(input);
    const out = redactDeep(input) as Record<string, any>;
    assert.equal(JSON.stringify(input), before);
    assert.equal(out.attachments[0].content.downloadUrl, REDACTED);
    assert.equal(out.attachments[0].content.uniqueId, 'u');
    assert.equal(out.value.token, REDACTED);
    assert.equal(out.value.Access_Token, REDACTED);
    assert.equal(out.value.nested[0]['refresh-token'], REDACTED);
    assert.equal(out.value.nested[0].authorization, REDACTED);
    assert.equal(out.uploadInfo.uploadUrl, REDACTED);
    assert.equal(out.uploadInfo.name, 'file.txt');
    assert.equal(out.emptyToken.token, '');
    assert.equal(Object.getOwnPropertyDescriptor(out, '__proto__')?.value.password, REDACTED);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });
});

describe('redaction of pasted secrets', () => {
  it('removes connection-string and form secrets from text, and secret-named properties', async () => {
    const { redactText, redactDeep, REDACTED } = await import('../../src/storage/redact.js');
    const text = 'DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=abc123+/==;EndpointSuffix=core.windows.net and client_secret=s3cr3t&x=1, Password=hunter2';
    const out = redactText(text);
    for (const secret of ['abc123', 's3cr3t', 'hunter2']) assert.ok(!out.includes(secret), out);
    assert.match(out, /AccountName=contoso/);
    const deep = redactDeep({ apiKey: 'k-123', nested: { secret: 'x', Secret_Value: 'kept' } });
    assert.equal(deep.apiKey, REDACTED);
    assert.equal(deep.nested.secret, REDACTED);
  });
});

describe('redactToJson (one-pass redaction and serialisation)', () => {
  it('writes exactly what redactDeep then JSON.stringify would, without touching the input', async () => {
    const { redactDeep, redactToJson } = await import('../../src/storage/redact.js');
    const when = new Date('2025-06-15T10:00:00.000Z');
    const samples: object[] = [
      {
        text: 'see https://x.sharepoint.com/a?tempauth=eyJabcdefg.eyJhijklmn.sig&b=1 and Bearer abcdefghijklmnopqrstuvwxyz',
        attachments: [{ content: { downloadUrl: 'https://x/y?z', uniqueId: 'u' } }, { content: 'AccountKey=abc;x=1' }],
        value: { token: 'secret-token', Token: '', password: 0, list: [1, 'pwd=abc', null, undefined, { sig: { nested: true } }] },
        channelData: { headers: { Authorization: 'Bearer 1234567890abcdefghij' }, tenant: { id: 't' } },
        timestamp: when,
        skipped: undefined,
        nothing: null,
        fn: () => 1,
      },
      { '': { token: 'x' }, __proto__: 'own', nested: { '': 'eyJaaaaaa.bbbbbbbb.cc' } },
      JSON.parse('{"__proto__":{"secret":"s"},"ok":"plain text"}') as object,
    ];
    for (const sample of samples) {
      const before = JSON.stringify(sample);
      assert.equal(redactToJson(sample), JSON.stringify(redactDeep(sample)));
      assert.equal(JSON.stringify(sample), before, 'input unchanged');
    }
  });

  it('overrides top-level properties only', async () => {
    const { redactToJson } = await import('../../src/storage/redact.js');
    assert.equal(redactToJson({ timestamp: 'x', inner: { timestamp: 'y' } }, { timestamp: 'z' }), '{"timestamp":"z","inner":{"timestamp":"y"}}');
  });
});
