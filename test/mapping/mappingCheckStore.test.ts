import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { licenceCheckText } from '../../src/services/mappingService.js';
import { MAPPING_CHECK_TTL_MS, MAPPING_CHECKS_PER_USER, MappingCheckStore } from '../../src/records/mappingCheckRepository.js';
import { uploadToConsentUrl } from '../../src/files/consentUpload.js';
import { mappingCheckHeader } from '../../src/cards/mappingView.js';
import { assess, validateProfile } from '../../src/domain/assessment/index.js';
import { checkMappingFile, summariseMappingReport } from '../../src/domain/mapping/index.js';

const report = checkMappingFile({ text: 'a@contoso.com,a@fabrikam.com' });
const input = (tenantId: string, userId: string) => ({
  tenantId, userId, header: mappingCheckHeader(report, summariseMappingReport(report), null), problems: [], problemsTotal: 0,
  corrected: { csv: 'Source,Destination\r\na@contoso.com,a@fabrikam.com\r\n', rows: 1 },
});

describe('mapping check store', () => {
  let storage: MemoryStorage;
  let now: Date;
  let store: MappingCheckStore;
  beforeEach(() => {
    storage = new MemoryStorage();
    now = new Date('2026-03-02T10:00:00Z');
    store = new MappingCheckStore(storage, () => now);
  });

  it('keeps a check for its owner in its tenant only', async () => {
    const check = await store.save(input('tenant-a', 'user-1'));
    assert.match(check.id, /^[a-z0-9]{12}$/);
    assert.equal((await store.get('tenant-a', 'user-1', check.id))?.corrected?.rows, 1);
    assert.equal(await store.get('tenant-b', 'user-1', check.id), undefined);
    assert.equal(await store.get('tenant-a', 'user-2', check.id), undefined);
    assert.equal(await store.get('tenant-a', 'user-1', '../../etc'), undefined);
  });

  it('expires a check after the TTL and deletes it', async () => {
    const check = await store.save(input('tenant-a', 'user-1'));
    now = new Date(now.getTime() + MAPPING_CHECK_TTL_MS - 1);
    assert.ok(await store.get('tenant-a', 'user-1', check.id));
    now = new Date(now.getTime() + 1);
    assert.equal(await store.get('tenant-a', 'user-1', check.id), undefined);
    const key = Object.keys(await storage.read([`records/mapping-checks/tenant-a+${check.id}`]));
    assert.deepEqual(key, [], 'deleted, not only hidden');
  });

  it('keeps the newest checks per user and sweeps expired ones when saving', async () => {
    const ids: string[] = [];
    for (let i = 0; i < MAPPING_CHECKS_PER_USER + 2; i++) ids.push((await store.save(input('tenant-a', 'user-1'))).id);
    assert.equal(await store.get('tenant-a', 'user-1', ids[0]!), undefined);
    assert.equal(await store.get('tenant-a', 'user-1', ids[1]!), undefined);
    assert.ok(await store.get('tenant-a', 'user-1', ids[2]!));
    const old = ids.at(-1)!;
    now = new Date(now.getTime() + MAPPING_CHECK_TTL_MS + 1);
    await store.save(input('tenant-a', 'user-1'));
    const raw = await storage.read([`records/mapping-checks/tenant-a+${old}`]);
    assert.deepEqual(Object.keys(raw), [], 'the expired check was deleted by the next save');
  });

  it('records an upload once', async () => {
    const check = await store.save(input('tenant-a', 'user-1'));
    assert.equal(await store.markUploaded(check, 'file-1'), true);
    const again = (await store.get('tenant-a', 'user-1', check.id))!;
    assert.deepEqual(again.uploads, ['file-1']);
    assert.equal(await store.markUploaded(again, 'file-1'), false);
  });

  it('forget me deletes every check of the user, not other people\'s', async () => {
    const mine = await store.save(input('tenant-a', 'user-1'));
    await store.save(input('tenant-a', 'user-1'));
    const theirs = await store.save(input('tenant-a', 'user-2'));
    assert.equal(await store.deleteAllForUser('tenant-a', 'user-1'), 2);
    assert.equal(await store.get('tenant-a', 'user-1', mine.id), undefined);
    assert.ok(await store.get('tenant-a', 'user-2', theirs.id));
    assert.equal(await store.deleteAllForUser('tenant-a', 'user-1'), 0);
  });
});

describe('mapping check store: concurrent first saves', () => {
  it('three checks saved at once by one person are all in their index (forget me deletes all three)', async () => {
    const storage = new MemoryStorage();
    const store = new MappingCheckStore(storage, () => new Date('2026-03-02T10:00:00Z'));
    const saved = await Promise.all([1, 2, 3].map(() => store.save(input('tenant-a', 'user-1'))));
    assert.equal(new Set(saved.map((c) => c.id)).size, 3);
    assert.equal(await store.deleteAllForUser('tenant-a', 'user-1'), 3);
    for (const c of saved) assert.equal(await store.get('tenant-a', 'user-1', c.id), undefined);
  });
});

describe('licence check text', () => {
  const profileWith = (destination: Record<string, unknown>, environments: Array<Record<string, unknown>>) => {
    const v = validateProfile({ source: { tenantDomain: 'contoso.com', region: 'EUR' }, destination: { tenantDomain: 'fabrikam.com', region: 'EUR', ...destination }, environments });
    assert.ok(v.ok, JSON.stringify(!v.ok && v.issues));
    return v.profile;
  };

  it('quotes the licence finding when there is a shortfall', () => {
    const p = profileWith({ availableLicenses: 5 }, [{ name: 'Sales', type: 'production', mappedUsers: 8 }]);
    assert.match(licenceCheckText(p, assess(p)), /^Licence check: \*\*fabrikam.com needs up to 3 more licences\*\*/);
  });

  it('says it passed, and which environments were not counted', () => {
    const p = profileWith({ availableLicenses: 50 }, [{ name: 'Sales', type: 'production', mappedUsers: 8 }, { name: 'Dev', type: 'sandbox' }]);
    assert.equal(licenceCheckText(p, assess(p)), 'Licence check: passed. The 8 mapped users fit in the 50 free licences of fabrikam.com. 1 environment without a user count is not included.');
  });

  it('says it cannot run without the destination\'s free licences', () => {
    const p = profileWith({}, [{ name: 'Sales', type: 'production', mappedUsers: 8 }]);
    assert.match(licenceCheckText(p, assess(p)), /not possible yet, because the assessment does not say how many free licences fabrikam.com has/);
  });
});

describe('upload to a consent URL: refused before any connection', () => {
  const options = { allowedHosts: ['*.sharepoint.com'], timeoutMs: 1_000 };
  const cases: Array<[string, string]> = [
    ['not a URL', 'invalid-url'],
    ['http://contoso-my.sharepoint.com/upload', 'not-https'],
    ['https://sharepoint.com/upload', 'host-not-allowed'],
    ['https://contoso-my.sharepoint.com.evil.example/upload', 'host-not-allowed'],
    ['https://user:pass@contoso-my.sharepoint.com/upload', 'host-not-allowed'],
    ['https://contoso-my.sharepoint.com:8443/upload', 'host-not-allowed'],
  ];
  for (const [url, code] of cases) {
    it(`${url} -> ${code}`, async () => {
      assert.deepEqual(await uploadToConsentUrl(url, new Uint8Array([1]), options), { ok: false, code });
    });
  }
});
