import assert from 'node:assert/strict';
import {
  SOLUTION_IDS, SOLUTION_NAMES, lookupSolution, parseCloud, parseCount, parseEnvironmentType, parseRegion, parseSolutions,
  parseStorageGb, parseYesNo, type Parsed,
} from '../../../src/domain/assessment/index.js';

function value<T>(result: Parsed<T>): T {
  if (!result.ok) assert.fail(`expected a value; got: ${result.reason}`);
  return result.value;
}

function rejected<T>(result: Parsed<T>, fragment: string | RegExp): void {
  assert.equal(result.ok, false, `expected a rejection; got ${JSON.stringify(result)}`);
  if (result.ok) return;
  if (typeof fragment === 'string') assert.ok(result.reason.includes(fragment), result.reason);
  else assert.match(result.reason, fragment);
  assert.ok(result.example.length > 0);
}

describe('input parsing: what people type', () => {
  it('parseRegion', () => {
    for (const [input, code] of [['Europe', 'EUR'], ['emea', 'EUR'], ['eur', 'EUR'], [' North America ', 'NA'], ['U.S.', 'NA'], ['APAC', 'APJ'], ['aus', 'OCE'], ['United Kingdom', 'UK']]) {
      assert.equal(value(parseRegion(input)), code, input);
    }
    rejected(parseRegion('Mars'), '"Mars" is not a Power Platform region; expected one of NA, SAM');
    rejected(parseRegion('N/A'), 'not a region');
    rejected(parseRegion(''), 'not a Power Platform region');
  });

  it('parseCloud', () => {
    for (const [input, cloud] of [['Commercial', 'commercial'], ['public', 'commercial'], ['GCC', 'gcc'], ['GCC High', 'gcc-high'], ['gcchigh', 'gcc-high'], ['DoD', 'dod'], ['21Vianet', 'china']]) {
      assert.equal(value(parseCloud(input)), cloud, input);
    }
    rejected(parseCloud('azure'), 'expected one of commercial, gcc, gcc-high, dod, china');
  });

  it('parseEnvironmentType', () => {
    for (const [input, type] of [['prod', 'production'], ['Production', 'production'], ['sandbox environment', 'sandbox'], ['Dataverse for Teams', 'teams'], ['Developer', 'developer'], ['trial', 'trial']]) {
      assert.equal(value(parseEnvironmentType(input)), type, input);
    }
    // "dev" is a sandbox as often as a Developer environment, and they get opposite verdicts: ask.
    rejected(parseEnvironmentType('dev'), 'could be a sandbox or a Developer environment');
    rejected(parseEnvironmentType('staging'), 'expected one of production, sandbox, default, teams, trial, demo, developer');
  });

  it('parseYesNo: "don\'t know" is unknown (null), not no', () => {
    for (const [input, answer] of [['y', true], ['Yes', true], ['true', true], ['no', false], ['N', false], ["don't know", null], ['Don’t know', null], ['not sure', null], ['?', null]] as const) {
      assert.equal(value(parseYesNo(input)), answer, input);
    }
    rejected(parseYesNo('perhaps later'), 'not a yes or no answer');
  });

  it('parseSolutions', () => {
    assert.deepEqual(parseSolutions('power automate, portals, marketing'), { ids: ['power-automate', 'power-pages', 'marketing'], unknown: [] });
    assert.deepEqual(parseSolutions('Flows; PVA and Customer Insights - Journeys & Café X').ids, ['power-automate', 'copilot-studio', 'cafe-x', 'marketing']);
    assert.deepEqual(parseSolutions('none'), { ids: [], unknown: [] });
    assert.deepEqual(parseSolutions('portals, portals, Power Pages').ids, ['power-pages']);
    const partly = parseSolutions('flows, sharepoint');
    assert.deepEqual(partly.ids, ['power-automate']);
    assert.deepEqual(partly.unknown, ['sharepoint']);
    assert.match(partly.reason!, /Not recognised: "sharepoint"/);
    assert.match(parseSolutions('canvas apps').reason!, /in solutions/);
  });

  it('every solution id and human name reads back as itself', () => {
    for (const id of SOLUTION_IDS) {
      assert.equal(lookupSolution(id), id, id);
      assert.equal(lookupSolution(SOLUTION_NAMES[id]), id, SOLUTION_NAMES[id]);
      assert.equal(lookupSolution(id.toUpperCase()), id, id);
    }
  });

  it('parseStorageGb: GB by default; TB and TiB are 1024 GB, MB 1/1024', () => {
    for (const [input, gb] of [['800 GB', 800], ['800GB', 800], ['1.5 TB', 1536], ['2 TiB', 2048], ['1,200', 1200], ['1 200 GB', 1200], ['512 MB', 0.5], ['1,5 TB', 1536], ['0', 0]] as const) {
      assert.equal(value(parseStorageGb(input)), gb, input);
    }
    rejected(parseStorageGb('-5 GB'), 'cannot be negative');
    rejected(parseStorageGb('lots'), 'not an amount of storage');
    rejected(parseStorageGb('5 PB'), 'use GB, TB or MB');
  });

  it('parseCount', () => {
    for (const [input, count] of [['250', 250], ['1,200', 1200], ['1 200', 1200], ['1.200', 1200], [' 0 ', 0]] as const) {
      assert.equal(value(parseCount(input)), count, input);
    }
    rejected(parseCount('1.5'), 'not a whole number');
    rejected(parseCount('-3'), 'cannot be negative');
    rejected(parseCount('many'), 'not a number');
    rejected(parseCount('99999999999999999999'), 'too large');
  });
});
