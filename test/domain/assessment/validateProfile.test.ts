import assert from 'node:assert/strict';
import {
  CLOUDS, ENVIRONMENT_TYPES, MAX_ISSUES, REGION_CODES, SOLUTION_IDS, parseProfileJson, validateProfile,
  type ValidationIssue,
} from '../../../src/domain/assessment/index.js';
import { baseProfile, environment, profileWith, type RawProfile } from './fixtures.js';

function issuesOf(input: unknown): ValidationIssue[] {
  const result = validateProfile(input);
  assert.equal(result.ok, false, 'expected validation errors');
  return result.ok ? [] : result.issues;
}

function valid(input: unknown) {
  const result = validateProfile(input);
  if (!result.ok) assert.fail(result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.profile;
}

/** [case, profile, expected path, fragment of the message] */
const ERRORS: Array<[string, unknown, string, string | RegExp]> = [
  ['not an object', [], 'profile', 'expected a JSON object with source, destination and environments; got a list'],
  ['null profile', null, 'profile', 'got null'],
  ['unknown top-level field, close to a known one', profileWith((p) => { p.sources = {}; }), 'sources', 'unknown field; did you mean "source"?'],
  ['unknown field, nothing close', profileWith((p) => { p.comment = 'x'; }), 'comment', 'accepted fields are source, destination, environments'],
  ['misspelt source field', profileWith((p) => { p.source.regoin = 'NA'; }), 'source.regoin', 'did you mean "region"?'],
  ['odd key names are quoted', profileWith((p) => { p.source['tenant domain'] = 'x'; }), 'source["tenant domain"]', 'unknown field'],
  ['source missing', profileWith((p) => { delete (p as Partial<RawProfile>).source; }), 'source', 'required'],
  ['destination not an object', profileWith((p) => { (p as Record<string, unknown>).destination = 'fabrikam.com'; }), 'destination', 'expected an object describing the destination tenant; got "fabrikam.com"'],
  ['domain missing', profileWith((p) => { delete p.source.tenantDomain; }), 'source.tenantDomain', 'required'],
  ['domain not a DNS name', profileWith((p) => { p.source.tenantDomain = 'contoso'; }), 'source.tenantDomain', 'expected a DNS name such as contoso.onmicrosoft.com; got "contoso"'],
  ['domain is an email address', profileWith((p) => { p.destination.tenantDomain = 'admin@fabrikam.com'; }), 'destination.tenantDomain', 'not an email address'],
  ['domain with a bad label', profileWith((p) => { p.source.tenantDomain = '-contoso.com'; }), 'source.tenantDomain', 'DNS name'],
  ['tenant id not a GUID', profileWith((p) => { p.source.tenantId = '1234'; }), 'source.tenantId', 'as a GUID such as'],
  ['tenant id given as a domain', profileWith((p) => { p.destination.tenantId = 'fabrikam.onmicrosoft.com'; }), 'destination.tenantId', 'not a domain'],
  ['region unknown', profileWith((p) => { p.source.region = 'Mars'; }), 'source.region', `expected one of ${REGION_CODES.join(', ')}`],
  ['region not text', profileWith((p) => { p.destination.region = 7; }), 'destination.region', 'got 7'],
  ['region missing', profileWith((p) => { delete p.destination.region; }), 'destination.region', 'required; expected one of NA'],
  ['cloud unknown', profileWith((p) => { p.source.cloud = 'azure'; }), 'source.cloud', `expected one of ${CLOUDS.join(', ')}; got "azure"`],
  ['negative count', profileWith((p) => { p.source.activeLicensedUsers = -1; }), 'source.activeLicensedUsers', 'expected a whole number, 0 or more; got -1'],
  ['fractional count', profileWith((p) => { p.destination.availableLicenses = 1.5; }), 'destination.availableLicenses', 'got 1.5'],
  ['count as text', profileWith((p) => { p.destination.availableLicenses = '1,200'; }), 'destination.availableLicenses', 'write 1200 as a plain number'],
  ['boolean as text', profileWith((p) => { p.source.customerLockbox = 'yes'; }), 'source.customerLockbox', 'expected true or false (write true without quotes); got "yes"'],
  ['boolean "unknown"', profileWith((p) => { p.destination.paidSubscription = "don't know"; }), 'destination.paidSubscription', 'leave the field out when unknown'],
  ['storage as text', profileWith((p) => { p.destination.availableStorageGb = '1.5 TB'; }), 'destination.availableStorageGb', 'write 1536 as a plain number of GB'],
  ['negative storage part', profileWith((p) => { p.destination.availableStorageGb = { database: -1 }; }), 'destination.availableStorageGb.database', 'expected a number of GB, 0 or more; got -1'],
  ['unknown storage part', profileWith((p) => { p.environments[0].storageGb = { databse: 1 }; }), 'environments[0].storageGb.databse', 'did you mean "database"?'],
  ['storage a list', profileWith((p) => { p.environments[0].storageGb = [1, 2]; }), 'environments[0].storageGb', 'got a list'],
  ['environments missing', profileWith((p) => { delete (p as Partial<RawProfile>).environments; }), 'environments', 'required; a list of 1 to 50 environments'],
  ['environments not a list', profileWith((p) => { (p as Record<string, unknown>).environments = {}; }), 'environments', 'expected a list of 1 to 50 environments; got an object'],
  ['no environments', profileWith((p) => { p.environments = []; }), 'environments', 'expected 1 to 50 environments; got 0'],
  ['51 environments', profileWith((p) => { p.environments = Array.from({ length: 51 }, (_, i) => environment(`E${i}`)); }), 'environments', 'got 51'],
  ['environment not an object', profileWith((p) => { (p.environments as unknown[])[0] = 'Contoso Sales'; }), 'environments[0]', 'expected an object describing one environment'],
  ['name missing', profileWith((p) => { delete p.environments[0].name; }), 'environments[0].name', 'required'],
  ['name blank', profileWith((p) => { p.environments[0].name = '  '; }), 'environments[0].name', 'expected the environment\'s display name; got ""'],
  ['duplicate name, other case', profileWith((p) => { p.environments.push(environment('CONTOSO SALES')); }), 'environments[1].name', '"CONTOSO SALES" is already the name of environments[0]'],
  ['environment id not a GUID', profileWith((p) => { p.environments[0].id = 'env-1'; }), 'environments[0].id', 'GUID'],
  ['type unknown', profileWith((p) => { p.environments.push(environment('B', { type: 'prd' })); }), 'environments[1].type', `expected one of ${ENVIRONMENT_TYPES.join(', ')}; got "prd"`],
  ['type missing', profileWith((p) => { delete p.environments[0].type; }), 'environments[0].type', 'required; expected one of production, sandbox'],
  ['environment region unknown', profileWith((p) => { p.environments[0].region = 'Atlantis'; }), 'environments[0].region', 'expected one of NA'],
  ['misspelt environment field', profileWith((p) => { p.environments[0].mappedUser = 3; }), 'environments[0].mappedUser', 'did you mean "mappedUsers"?'],
  ['solutions as text', profileWith((p) => { p.environments[0].solutions = 'marketing'; }), 'environments[0].solutions', 'expected a list of solution ids'],
  ['unknown solution', profileWith((p) => { p.environments[0].solutions = ['power-automate', 'sharepoint']; }), 'environments[0].solutions[1]', `expected one of ${SOLUTION_IDS.join(', ')}; got "sharepoint"`],
  ['solution not text', profileWith((p) => { p.environments[0].solutions = [3]; }), 'environments[0].solutions[0]', 'got 3'],
  // Revision 2: input that contradicts itself is refused, naming the field.
  ['GCC tenant in Europe', profileWith((p) => { p.source.cloud = 'gcc'; p.source.region = 'EUR'; }), 'source.region', "the source tenant's region cannot be EUR: the source tenant's cloud (source.cloud) is gcc, a US government cloud whose environments are in NA (United States) only"],
  ['GCC High destination in the UK', profileWith((p) => { p.destination.cloud = 'GCC High'; p.destination.region = 'UK'; }), 'destination.region', '(destination.cloud) is gcc-high'],
  ['DoD tenant in Australia', profileWith((p) => { p.source.cloud = 'dod'; p.source.region = 'OCE'; }), 'source.region', 'cannot be OCE'],
  ['environment in Europe in a GCC tenant', profileWith((p) => { p.source.cloud = 'gcc'; p.destination.cloud = 'gcc'; p.environments[0].region = 'EUR'; }), 'environments[0].region', 'the region of "Contoso Sales" cannot be EUR: the source tenant\'s cloud (source.cloud) is gcc'],
  ['environment in CHN inside a commercial tenant', profileWith((p) => { p.environments[0].region = 'CHN'; }), 'environments[0].region', 'cannot be CHN: CHN is China operated by 21Vianet, used only by tenants in the china cloud, and the source tenant\'s cloud (source.cloud) is commercial'],
  ['environment in CHN inside a GCC tenant', profileWith((p) => { p.source.cloud = 'gcc'; p.environments[0].region = 'CHN'; }), 'environments[0].region', 'cannot be CHN'],
  ['environment outside CHN in a china tenant', profileWith((p) => { p.source.region = 'CHN'; p.environments[0].region = 'EUR'; }), 'environments[0].region', '(source.cloud) is china (operated by 21Vianet), whose only region is CHN'],
  ['CHN tenant with the commercial cloud', profileWith((p) => { p.destination.region = 'CHN'; p.destination.cloud = 'commercial'; }), 'destination.cloud', 'region CHN is China operated by 21Vianet'],
];

describe('profile validation', () => {
  it('accepts the base profile', () => {
    valid(baseProfile());
  });

  it('accepts consistent clouds and regions: GCC in NA, china in CHN, an environment in its tenant\'s cloud', () => {
    valid(profileWith((p) => { p.source.cloud = 'gcc'; p.destination.cloud = 'gcc'; p.environments[0].region = 'US'; }));
    valid(profileWith((p) => { p.source.region = 'CHN'; p.destination.region = 'CHN'; p.environments[0].region = 'CHN'; }));
    valid(profileWith((p) => { p.source.cloud = 'dod'; p.destination.region = 'EUR'; }));
  });

  for (const [name, input, path, fragment] of ERRORS) {
    it(`reports ${name} at ${path}`, () => {
      const issues = issuesOf(input);
      const issue = issues.find((i) => i.path === path);
      assert.ok(issue, `no issue at ${path}; got ${JSON.stringify(issues)}`);
      if (typeof fragment === 'string') assert.ok(issue.message.includes(fragment), `${issue.message} should include ${fragment}`);
      else assert.match(issue.message, fragment);
    });
  }

  it('reports every problem at once, in the order of the profile', () => {
    const issues = issuesOf(profileWith((p) => {
      p.source.region = 'Mars';
      p.destination.cloud = 'azure';
      p.environments = [environment('A', { type: 'prd' }), environment('B', { solutions: ['x'] })];
    }));
    assert.deepEqual(issues.map((i) => i.path), ['source.region', 'destination.cloud', 'environments[0].type', 'environments[1].solutions[0]']);
  });

  it('caps a flood of problems with one closing line', () => {
    const issues = issuesOf(profileWith((p) => {
      p.environments = Array.from({ length: 50 }, (_, i) => environment(`E${i}`, { type: 'x', region: 'y', mappedUsers: -1 }));
    }));
    assert.equal(issues.length, MAX_ISSUES);
    assert.match(issues[MAX_ISSUES - 1].message, /^51 more problems not shown/);
  });

  it('treats null like an absent field: unknown, not false', () => {
    const profile = valid(profileWith((p) => {
      p.source.customerLockbox = null;
      p.destination.paidSubscription = null;
      p.environments[0].managedEnvironment = null;
    }));
    assert.equal('customerLockbox' in profile.source, false);
    assert.equal('paidSubscription' in profile.destination, false);
    assert.equal('managedEnvironment' in profile.environments[0], false);
  });

  it('keeps false as false', () => {
    const profile = valid(profileWith((p) => { p.source.customerLockbox = false; p.destination.paidSubscription = false; }));
    assert.equal(profile.source.customerLockbox, false);
    assert.equal(profile.destination.paidSubscription, false);
  });

  it('fills the documented defaults and nothing else', () => {
    const profile = valid({
      source: { tenantDomain: 'Contoso.OnMicrosoft.com', region: 'emea' },
      destination: { tenantDomain: 'fabrikam.com.', region: 'Europe' },
      environments: [{ name: '  Contoso Sales ', type: 'Production' }],
    });
    assert.deepEqual(profile, {
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', cloud: 'commercial' },
      destination: { tenantDomain: 'fabrikam.com', region: 'EUR', cloud: 'commercial' },
      environments: [{ name: 'Contoso Sales', type: 'production', region: 'EUR', hasDataverse: true }],
    });
  });

  it('accepts the contract\'s region aliases and full names, case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['EMEA', 'EUR'], ['apac', 'APJ'], ['US', 'NA'], ['usa', 'NA'], ['United States', 'NA'], ['north america', 'NA'],
      ['AUS', 'OCE'], ['Australia', 'OCE'], ['Europe', 'EUR'], ['Canada', 'CAN'], ['United Kingdom', 'UK'], ['India', 'IND'],
      ['South America', 'SAM'], ['France', 'FRA'], ['Germany', 'GER'], ['Switzerland', 'CHE'], ['Norway', 'NOR'],
      ['United Arab Emirates', 'UAE'], ['South Africa', 'ZAF'], ['Asia', 'APJ'], ['Japan', 'JPN'], ['Korea', 'KOR'],
      ['Singapore', 'SGP'], ['China', 'CHN'], ['uk', 'UK'], ['chn', 'CHN'],
    ];
    for (const [input, code] of cases) {
      assert.equal(valid(profileWith((p) => { p.source.region = input; })).source.region, code, input);
    }
  });

  it('accepts cloud, type and solution aliases and removes duplicate solutions', () => {
    const profile = valid(profileWith((p) => {
      p.source.cloud = 'GCC High';
      p.destination.cloud = 'gcc-high';
      p.environments[0].type = 'prod';
      p.environments[0].solutions = ['portals', 'power-pages', 'Power-Virtual-Agents', 'customer-insights-journeys', 'power-automate'];
    }));
    assert.equal(profile.source.cloud, 'gcc-high');
    assert.equal(profile.environments[0].type, 'production');
    assert.deepEqual(profile.environments[0].solutions, ['power-automate', 'copilot-studio', 'power-pages', 'marketing']);
  });

  it('accepts storage as one number or per type', () => {
    const profile = valid(profileWith((p) => {
      p.destination.availableStorageGb = 250.5;
      p.environments[0].storageGb = { database: 12, file: 40, log: 1 };
    }));
    assert.equal(profile.destination.availableStorageGb, 250.5);
    assert.deepEqual(profile.environments[0].storageGb, { database: 12, file: 40, log: 1 });
  });

  it('accepts 50 environments', () => {
    const profile = valid(profileWith((p) => { p.environments = Array.from({ length: 50 }, (_, i) => environment(`E${i}`)); }));
    assert.equal(profile.environments.length, 50);
  });

  it('does not let __proto__ or constructor keys through', () => {
    const issues = issuesOf(JSON.parse('{"__proto__": {"x": 1}, "source": {}, "destination": {}, "environments": []}'));
    assert.ok(issues.some((i) => i.path === '__proto__' && i.message.startsWith('unknown field')));
  });
});

describe('profile JSON text', () => {
  it('reports a syntax error with its line and column, not the engine\'s message', () => {
    const result = parseProfileJson('{\n  "source": {,\n}');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.issues.length, 1);
    assert.equal(result.issues[0].path, 'profile');
    assert.match(result.issues[0].message, /^not valid JSON near line 2, column \d+; check for a missing comma, quote or bracket$/);
  });

  it('reports empty input', () => {
    const result = parseProfileJson('  \n');
    assert.deepEqual(result, { ok: false, issues: [{ path: 'profile', message: 'empty input; expected a JSON object' }] });
  });

  it('accepts a byte-order mark', () => {
    assert.equal(parseProfileJson(`\uFEFF${JSON.stringify(baseProfile())}`).ok, true);
  });
});
