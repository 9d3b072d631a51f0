/**
 * The form's mapping from submitted values to a migration profile, its per-field errors, and the card it renders.
 * The form reads every field with the interview's own questions, so a test also proves that the same answers typed
 * into the chat and into the form give the same profile.
 */
import assert from 'node:assert/strict';
import { validateProfile, type MigrationProfile } from '../../src/domain/assessment/index.js';
import { handle, start, type InterviewState, type Output } from '../../src/domain/interview/interview.js';
import { renderCard } from '../../src/cards/renderer.js';
import {
  MAX_FIELD_LENGTH, MAX_FORM_ENVIRONMENTS, PROFILE_FORM_CARD, SUMMARY_LIMIT,
  addEnvironment, clampEnvironmentCount, environmentFieldId, formFields, initialFormValues, pickFormValues,
  profileFormView, readProfileForm, removeEnvironment, submittedFormView, type FormValues,
} from '../../src/cards/profileFormView.js';
import { validateCard } from '../support/cardValidator.js';

const E0 = (key: string) => environmentFieldId(0, key);
const E1 = (key: string) => environmentFieldId(1, key);

/** The smallest form that can be assessed. */
const MINIMAL: FormValues = {
  ...initialFormValues(),
  'source.tenantDomain': 'contoso.onmicrosoft.com',
  'source.region': 'EUR',
  'destination.tenantDomain': 'fabrikam.onmicrosoft.com',
  'destination.region': 'EUR',
  [E0('name')]: 'Contoso Sales',
  [E0('type')]: 'production',
};

function profileOf(values: FormValues, envCount = 1): MigrationProfile {
  const reading = readProfileForm(values, envCount);
  assert.ok(reading.ok, `expected a profile; got ${JSON.stringify(reading.ok ? [] : reading.errors)}`);
  return reading.profile;
}

function errorsOf(values: FormValues, envCount = 1) {
  const reading = readProfileForm(values, envCount);
  assert.equal(reading.ok, false, 'expected problems');
  return reading.ok ? [] : reading.errors;
}

/** Runs the guided interview on typed answers and returns the profile it completes with. */
function interviewProfile(answers: string[]): MigrationProfile {
  let state: InterviewState = start().state;
  for (const text of answers) {
    const step = handle(state, { text });
    state = step.state;
    const done = step.outputs.find((o): o is Extract<Output, { type: 'complete' }> => o.type === 'complete');
    if (done) {
      const v = validateProfile(done.draft);
      assert.ok(v.ok);
      return v.profile;
    }
  }
  throw new Error('the interview did not complete');
}

describe('assessment form: submitted values to a profile', () => {
  it('a minimal form gives a profile with every other fact unknown (absent, never false)', () => {
    const profile = profileOf(MINIMAL);
    assert.deepEqual(profile, {
      source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', cloud: 'commercial' },
      destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'EUR', cloud: 'commercial' },
      // hasDataverse unknown is assumed true by the engine; the environment's region is the tenant's.
      environments: [{ name: 'Contoso Sales', type: 'production', region: 'EUR', hasDataverse: true }],
    });
  });

  it('"Don\'t know", an empty field and a missing key all leave the fact out', () => {
    const values: FormValues = {
      ...MINIMAL,
      'source.customerLockbox': 'unknown',
      'destination.paidSubscription': '',
      [E0('managedEnvironment')]: 'unknown',
      [E0('linkedToFinanceAndOperations')]: "don't know",
      [E0('storageGb')]: '',
    };
    const profile = profileOf(values);
    assert.equal('customerLockbox' in profile.source, false);
    assert.equal('paidSubscription' in profile.destination, false);
    assert.equal('availableLicenses' in profile.destination, false);
    for (const key of ['managedEnvironment', 'linkedToFinanceAndOperations', 'storageGb', 'mappedUsers', 'sandboxCopyTested', 'solutions']) {
      assert.equal(key in profile.environments[0]!, false, key);
    }
  });

  it('"No" is false and "None of these" is an empty solution list, both different from unknown', () => {
    const profile = profileOf({ ...MINIMAL, 'source.customerLockbox': 'no', [E0('managedEnvironment')]: 'no', [E0('solutions')]: 'none' });
    assert.equal(profile.source.customerLockbox, false);
    assert.equal(profile.environments[0]!.managedEnvironment, false);
    assert.deepEqual(profile.environments[0]!.solutions, []);
  });

  const numbers: Array<[string, string, string, number]> = [
    ['source.activeLicensedUsers', '1,200', 'activeLicensedUsers', 1200],
    ['source.activeLicensedUsers', '1 200 users', 'activeLicensedUsers', 1200],
    ['destination.availableLicenses', '300', 'availableLicenses', 300],
    ['destination.availableStorageGb', '800 GB', 'availableStorageGb', 800],
    ['destination.availableStorageGb', '1.5 TB', 'availableStorageGb', 1536],
    ['destination.availableStorageGb', '2 TiB', 'availableStorageGb', 2048],
    ['destination.availableStorageGb', '1,200', 'availableStorageGb', 1200],
    [E0('storageGb'), '200 GB', 'storageGb', 200],
    [E0('mappedUsers'), '1.200', 'mappedUsers', 1200],
  ];
  for (const [id, typed, key, expected] of numbers) {
    it(`reads "${typed}" in ${id} as ${expected}`, () => {
      const profile = profileOf({ ...MINIMAL, [id]: typed });
      const holder = id.startsWith('source.') ? profile.source : id.startsWith('destination.') ? profile.destination : profile.environments[0]!;
      assert.equal((holder as unknown as Record<string, unknown>)[key], expected);
    });
  }

  const aliases: Array<[string, string, (p: MigrationProfile) => unknown, unknown]> = [
    ['source.region', 'emea', (p) => p.source.region, 'EUR'],
    ['destination.region', 'United States', (p) => p.destination.region, 'NA'],
    ['source.cloud', 'Public', (p) => p.source.cloud, 'commercial'], // a US government cloud with EUR is now an input error (issue 10)
    [E0('type'), 'prod', (p) => p.environments[0]!.type, 'production'],
    [E0('region'), 'Canada', (p) => p.environments[0]!.region, 'CAN'],
    [E0('managedEnvironment'), 'y', (p) => p.environments[0]!.managedEnvironment, true],
    [E0('solutions'), 'power-automate,marketing', (p) => p.environments[0]!.solutions, ['power-automate', 'marketing']],
    [E0('solutions'), 'power automate, portals and marketing', (p) => p.environments[0]!.solutions, ['power-automate', 'power-pages', 'marketing']],
    ['source.tenantId', '{72F988BF-86F1-41AF-91AB-2D7CD011DB47}', (p) => p.source.tenantId, '72f988bf-86f1-41af-91ab-2d7cd011db47'],
    ['source.tenantDomain', 'admin@Contoso.com', (p) => p.source.tenantDomain, 'contoso.com'],
  ];
  for (const [id, typed, get, expected] of aliases) {
    it(`accepts "${typed}" in ${id} as the chat does`, () => {
      assert.deepEqual(get(profileOf({ ...MINIMAL, [id]: typed })), expected);
    });
  }

  it('gives the same profile as the guided interview for the same answers (two environments, Marketing)', () => {
    const chat = interviewProfile([
      'contoso.onmicrosoft.com', 'skip', 'Europe', 'commercial', '250', 'no',
      'fabrikam.onmicrosoft.com', '66666666-7777-8888-9999-000000000000', 'EUR', 'commercial', 'yes', '300', '1 TB',
      'Contoso Sales', 'production', 'same', 'yes', 'no', 'no', '200 GB', '120', 'yes', 'power automate, marketing', 'yes',
      'Contoso Dev', 'developer', 'same', 'yes', 'no', 'no', '5 GB', '10', 'none', 'no',
      'yes', 'assess',
    ]);
    const form = profileOf({
      'source.tenantDomain': 'contoso.onmicrosoft.com', 'source.tenantId': '', 'source.region': 'EUR', 'source.cloud': 'commercial',
      'source.activeLicensedUsers': '250', 'source.customerLockbox': 'no',
      'destination.tenantDomain': 'fabrikam.onmicrosoft.com', 'destination.tenantId': '66666666-7777-8888-9999-000000000000',
      'destination.region': 'EUR', 'destination.cloud': 'commercial', 'destination.paidSubscription': 'yes',
      'destination.availableLicenses': '300', 'destination.availableStorageGb': '1 TB', 'destination.marketingLicenses': 'yes',
      [E0('name')]: 'Contoso Sales', [E0('type')]: 'production', [E0('region')]: 'same', [E0('hasDataverse')]: 'yes',
      [E0('managedEnvironment')]: 'no', [E0('linkedToFinanceAndOperations')]: 'no', [E0('storageGb')]: '200 GB',
      [E0('mappedUsers')]: '120', [E0('sandboxCopyTested')]: 'yes', [E0('solutions')]: 'power-automate,marketing',
      [E1('name')]: 'Contoso Dev', [E1('type')]: 'developer', [E1('region')]: 'same', [E1('hasDataverse')]: 'yes',
      [E1('managedEnvironment')]: 'no', [E1('linkedToFinanceAndOperations')]: 'no', [E1('storageGb')]: '5 GB',
      [E1('mappedUsers')]: '10', [E1('solutions')]: 'none',
    }, 2);
    assert.deepEqual(form, chat);
  });

  it('leaves out facts the interview would not ask: a rehearsal for a non-production environment, Marketing licences without Marketing', () => {
    const profile = profileOf({ ...MINIMAL, [E0('type')]: 'sandbox', [E0('sandboxCopyTested')]: 'yes', 'destination.marketingLicenses': 'no' });
    assert.equal('sandboxCopyTested' in profile.environments[0]!, false);
    assert.equal('marketingLicenses' in profile.destination, false);
    const withMarketing = profileOf({ ...MINIMAL, [E0('sandboxCopyTested')]: 'yes', [E0('solutions')]: 'marketing', 'destination.marketingLicenses': 'no' });
    assert.equal(withMarketing.environments[0]!.sandboxCopyTested, true);
    assert.equal(withMarketing.destination.marketingLicenses, false);
  });
});

describe('assessment form: problems are mapped to the field that caused them', () => {
  const cases: Array<{ name: string; values: FormValues; envCount?: number; id: string; label: string; message: RegExp; missing?: boolean }> = [
    { name: 'an empty source domain', values: { ...MINIMAL, 'source.tenantDomain': '' }, id: 'source.tenantDomain', label: 'Source tenant domain', message: /^Needed to assess\. Enter a domain name such as contoso\.onmicrosoft\.com/, missing: true },
    { name: 'a domain that is not one', values: { ...MINIMAL, 'source.tenantDomain': 'contoso' }, id: 'source.tenantDomain', label: 'Source tenant domain', message: /"contoso" is not a domain name\. For example: contoso\.onmicrosoft\.com/ },
    { name: 'the same tenant twice', values: { ...MINIMAL, 'destination.tenantDomain': 'Contoso.onmicrosoft.com' }, id: 'destination.tenantDomain', label: 'Destination tenant domain', message: /contoso\.onmicrosoft\.com is the source tenant too/ },
    { name: 'a tenant ID that is a domain', values: { ...MINIMAL, 'destination.tenantId': 'fabrikam.com' }, id: 'destination.tenantId', label: 'Destination tenant ID', message: /"fabrikam\.com" is not a tenant ID.*For example: 72f988bf/ },
    { name: 'no region picked', values: { ...MINIMAL, 'destination.region': '' }, id: 'destination.region', label: 'Destination region', message: /pick one from the list/, missing: true },
    { name: 'a region that does not exist (tampered card data)', values: { ...MINIMAL, 'source.region': 'Mars' }, id: 'source.region', label: 'Source region', message: /^Not one of the choices: pick from the list\.$/ },
    { name: 'a count with words', values: { ...MINIMAL, 'source.activeLicensedUsers': 'two hundred' }, id: 'source.activeLicensedUsers', label: 'Active licensed users in the source', message: /"two hundred" is not a number\. For example: 1,200/ },
    { name: 'a fraction of a user', values: { ...MINIMAL, 'destination.availableLicenses': '2.5' }, id: 'destination.availableLicenses', label: 'Free licences in the destination', message: /not a whole number/ },
    { name: 'storage in an unknown unit', values: { ...MINIMAL, 'destination.availableStorageGb': '3 PB' }, id: 'destination.availableStorageGb', label: 'Free storage in the destination', message: /"3 PB" is not an amount of storage; use GB, TB or MB\. For example: 800 GB/ },
    { name: 'negative storage', values: { ...MINIMAL, [E0('storageGb')]: '-5 GB' }, id: E0('storageGb'), label: 'Contoso Sales: Storage used', message: /cannot be negative/ },
    { name: 'an environment without a name', values: { ...MINIMAL, [E0('name')]: '' }, id: E0('name'), label: 'Environment 1: Name', message: /^Needed to assess\. Enter the environment's display name/, missing: true },
    { name: 'no environment type', values: { ...MINIMAL, [E0('type')]: '' }, id: E0('type'), label: 'Contoso Sales: Type', message: /pick one from the list/, missing: true },
    { name: 'an unknown solution (tampered card data)', values: { ...MINIMAL, [E0('solutions')]: 'power-automate,sharepoint' }, id: E0('solutions'), label: 'Contoso Sales: Solutions', message: /^Not one of the choices: pick from the list\.$/ },
    { name: 'a second environment with the same name', values: { ...MINIMAL, [E1('name')]: 'contoso sales', [E1('type')]: 'sandbox' }, envCount: 2, id: E1('name'), label: 'Environment 2: Name', message: /You already named environment 1 "Contoso Sales"/ },
    { name: 'a second environment with no type', values: { ...MINIMAL, [E1('name')]: 'Contoso Dev' }, envCount: 2, id: E1('type'), label: 'Contoso Dev: Type', message: /pick one from the list/, missing: true },
  ];
  for (const c of cases) {
    it(`${c.name}: marked on ${c.id}`, () => {
      const errors = errorsOf(c.values, c.envCount);
      assert.deepEqual(errors.map((e) => e.id), [c.id]);
      assert.equal(errors[0]!.label, c.label);
      assert.match(errors[0]!.message, c.message);
      assert.equal(errors[0]!.missing, c.missing === true);
    });
  }

  it('an empty form lists every required field, in card order', () => {
    const errors = errorsOf({}, 2);
    assert.deepEqual(errors.map((e) => e.id), [
      'source.tenantDomain', 'source.region', 'destination.tenantDomain', 'destination.region',
      E0('name'), E0('type'), E1('name'), E1('type'),
    ]);
    assert.ok(errors.every((e) => e.missing));
  });

  it('keeps the draft of what could be read, so nothing typed is lost', () => {
    const reading = readProfileForm({ ...MINIMAL, 'source.tenantDomain': 'contoso', [E0('storageGb')]: '1.5 TB' }, 1);
    assert.equal(reading.ok, false);
    assert.equal(reading.draft.environments[0]!.storageGb, 1536);
    assert.equal(reading.draft.destination.tenantDomain, 'fabrikam.onmicrosoft.com');
  });
});

describe('assessment form: values carried between submits', () => {
  it('keeps only this form\'s inputs from the submitted data, trims, caps length and joins a list', () => {
    const data = {
      action: 'profileForm.assess', envs: 1, q: 'source.region|0', answer: 'x',
      'source.tenantDomain': '  contoso.com  ', 'source.tenantId': 'x'.repeat(500), [E0('solutions')]: ['power-automate', 'marketing', 7],
      [E1('name')]: 'not on this card', 'source.region': '',
    };
    const values = pickFormValues(data, 1);
    assert.deepEqual(Object.keys(values).sort(), ['environments[0].solutions', 'source.tenantDomain', 'source.tenantId']);
    assert.equal(values['source.tenantDomain'], 'contoso.com');
    assert.equal(values['source.tenantId']!.length, MAX_FIELD_LENGTH);
    assert.equal(values[E0('solutions')], 'power-automate,marketing');
  });

  it('clamps the environment count claimed by card data', () => {
    const table: Array<[unknown, number]> = [[1, 1], [3, 3], ['2', 2], [0, 1], [-4, 1], [99, MAX_FORM_ENVIRONMENTS], [2.5, 1], ['x', 1], [undefined, 1]];
    for (const [input, expected] of table) assert.equal(clampEnvironmentCount(input), expected, String(input));
  });

  it('adding an environment keeps every value and gives the new one its defaults', () => {
    const next = addEnvironment({ ...MINIMAL, [E0('storageGb')]: '1.5 TB' }, 1);
    assert.equal(next.envCount, 2);
    assert.equal(next.values[E0('storageGb')], '1.5 TB');
    assert.equal(next.values['source.tenantDomain'], 'contoso.onmicrosoft.com');
    assert.equal(next.values[E1('region')], 'same');
    assert.equal(next.values[E1('name')], undefined);
    assert.equal(addEnvironment(next.values, MAX_FORM_ENVIRONMENTS).envCount, MAX_FORM_ENVIRONMENTS);
  });

  it('removing an environment moves the later ones up with what was typed in them', () => {
    const values: FormValues = { ...MINIMAL, [E1('name')]: 'Contoso Dev', [E1('type')]: 'developer', [environmentFieldId(2, 'name')]: 'Contoso UAT' };
    const next = removeEnvironment(values, 3, 0);
    assert.equal(next.envCount, 2);
    assert.equal(next.values[E0('name')], 'Contoso Dev');
    assert.equal(next.values[E0('type')], 'developer');
    assert.equal(next.values[E1('name')], 'Contoso UAT');
    assert.equal(next.values[environmentFieldId(2, 'name')], undefined);
    assert.equal(next.values['source.tenantDomain'], 'contoso.onmicrosoft.com');
    assert.equal(removeEnvironment(MINIMAL, 1, 0).envCount, 1, 'the last environment stays');
    assert.equal(removeEnvironment(values, 3, 7).envCount, 3, 'an index not on the card changes nothing');
  });

  it('text containing "${" survives a round trip through the card', () => {
    const values = { ...MINIMAL, [E0('name')]: 'Sales ${test}' };
    const card = renderCard(PROFILE_FORM_CARD, profileFormView({ values, envCount: 1 }));
    const input = findInput(card, E0('name'));
    const back = pickFormValues({ [E0('name')]: input.value }, 1);
    assert.equal(back[E0('name')], 'Sales ${test}');
  });
});

function findInput(card: unknown, id: string): Record<string, any> {
  let found: Record<string, any> | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, any>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id) found = o;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  assert.ok(found, `no input ${id}`);
  return found;
}

function inputIds(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, any>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.')) ids.push(o.id);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return ids;
}

describe('assessment form: the card', () => {
  it('has one input per field, ids unique, with the values written back', () => {
    const values = { ...MINIMAL, 'destination.availableStorageGb': '1.5 TB', [E1('name')]: 'Contoso Dev' };
    const card = renderCard(PROFILE_FORM_CARD, profileFormView({ values, envCount: 2 }));
    const ids = inputIds(card);
    assert.deepEqual(ids, formFields(2).map((f) => f.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(findInput(card, 'destination.availableStorageGb').value, '1.5 TB');
    assert.equal(findInput(card, E1('name')).value, 'Contoso Dev');
    assert.equal(findInput(card, 'source.region').style, 'compact');
    assert.equal(findInput(card, E0('solutions')).isMultiSelect, true);
    const lockbox = findInput(card, 'source.customerLockbox');
    assert.deepEqual(lockbox.choices.map((c: { value: string }) => c.value), ['yes', 'no', 'unknown']);
  });

  it('shows an alias as the choice it means, so a dropdown is not left blank', () => {
    const card = renderCard(PROFILE_FORM_CARD, profileFormView({ values: { ...MINIMAL, 'source.region': 'emea', [E0('managedEnvironment')]: 'y' }, envCount: 1 }));
    assert.equal(findInput(card, 'source.region').value, 'EUR');
    assert.equal(findInput(card, E0('managedEnvironment')).value, 'yes');
    const odd = renderCard(PROFILE_FORM_CARD, profileFormView({ values: { ...MINIMAL, 'source.region': 'Mars', [E0('solutions')]: 'flows, portals, none, sharepoint' }, envCount: 1 }));
    assert.equal(findInput(odd, 'source.region').value, '', 'a value that is no choice is not selected');
    assert.equal(findInput(odd, E0('solutions')).value, 'power-automate,power-pages,none');
  });

  it('marks each problem under its input, lists them at the top, and makes only missing required fields isRequired', () => {
    const values = { ...MINIMAL, 'source.tenantDomain': 'contoso', 'destination.region': '' };
    const reading = readProfileForm(values, 1);
    assert.equal(reading.ok, false);
    const view = profileFormView({ values, envCount: 1, errors: reading.ok ? [] : reading.errors });
    const card = renderCard(PROFILE_FORM_CARD, view);
    assert.deepEqual(validateCard(card), []);

    const domain = findInput(card, 'source.tenantDomain');
    assert.equal(domain.value, 'contoso', 'the typed value is kept');
    assert.equal(domain.isRequired, undefined, 'a filled field is not marked required');
    const region = findInput(card, 'destination.region');
    assert.equal(region.isRequired, true);
    assert.match(region.errorMessage, /^Needed: a region code/);

    const json = JSON.stringify(card);
    assert.match(json, /2 things to fix before I can assess/);
    assert.match(json, /"text":"Source tenant domain: "/);
    assert.match(json, /⚠ \\"contoso\\" is not a domain name/);
    assert.match(json, /2 fields need fixing: they are marked above/);
    assert.equal(findInput(card, 'destination.tenantDomain').value, 'fabrikam.onmicrosoft.com', 'valid values are kept too');
  });

  it(`lists at most ${SUMMARY_LIMIT} problems at the top and counts the rest`, () => {
    const reading = readProfileForm({ 'source.activeLicensedUsers': 'many', 'destination.availableLicenses': 'some' }, 3);
    assert.equal(reading.ok, false);
    const errors = reading.ok ? [] : reading.errors;
    assert.ok(errors.length > SUMMARY_LIMIT);
    const view = profileFormView({ values: {}, envCount: 3, errors });
    assert.equal(view.problems.length, SUMMARY_LIMIT);
    assert.equal(view.moreProblems, `...and ${errors.length - SUMMARY_LIMIT} more, marked below.`);
  });

  it('after assessing, shows a summary and carries the answers in "Edit answers"', () => {
    const profile = profileOf(MINIMAL);
    const card = renderCard(PROFILE_FORM_CARD, submittedFormView(MINIMAL, 1, profile));
    assert.deepEqual(validateCard(card), []);
    assert.deepEqual(inputIds(card), []);
    const json = JSON.stringify(card);
    assert.match(json, /contoso\.onmicrosoft\.com, Europe \(EUR\)/);
    const edit = (card.actions as Array<Record<string, any>>).find((a) => a.title === 'Edit answers')!;
    assert.deepEqual(pickFormValues(edit.data.values, edit.data.envs), MINIMAL);
  });

  it(`stays valid and within Teams' message size at ${MAX_FORM_ENVIRONMENTS} environments, every field filled to the limit and marked`, () => {
    let state = { values: initialFormValues(), envCount: 1 };
    while (state.envCount < MAX_FORM_ENVIRONMENTS) state = addEnvironment(state.values, state.envCount);
    const long = 'x'.repeat(MAX_FIELD_LENGTH);
    const values: FormValues = {};
    for (const f of formFields(state.envCount)) values[f.id] = long;
    const reading = readProfileForm(values, state.envCount);
    assert.equal(reading.ok, false);
    const card = renderCard(PROFILE_FORM_CARD, profileFormView({ values, envCount: state.envCount, errors: reading.ok ? [] : reading.errors }));
    assert.deepEqual(validateCard(card), []);
    // Teams counts the message as UTF-16 and recommends staying under 80 KB (413 MessageSizeTooBig past ~100 KB).
    const utf16Bytes = JSON.stringify(card).length * 2;
    console.log(`      worst-case form card, ${MAX_FORM_ENVIRONMENTS} environments: ${(utf16Bytes / 1024).toFixed(1)} KB as UTF-16`);
    assert.ok(utf16Bytes < 80 * 1024, `${utf16Bytes} bytes`);
  });
});
