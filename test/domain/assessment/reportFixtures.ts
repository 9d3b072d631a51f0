/** Inputs of the assessment report tests. */
import { validateProfile, type MigrationProfile } from '../../../src/domain/assessment/index.js';

/** A profile whose names try to break out of HTML: a tag, an attribute, an entity, a link. */
export function hostileProfile(): MigrationProfile {
  const validation = validateProfile({
    source: { tenantDomain: 'contoso.onmicrosoft.com', region: 'EUR', activeLicensedUsers: 40, customerLockbox: true },
    destination: { tenantDomain: 'fabrikam.onmicrosoft.com', region: 'NA', availableLicenses: 10 },
    environments: [
      { name: '<script>alert(1)</script>', type: 'production', mappedUsers: 30, solutions: ['power-automate', 'marketing'] },
      { name: 'Sales "Q1" & <img src=https://evil.example.net/x.png onerror=alert(2)>', type: 'sandbox', solutions: ['canvas-non-solution-aware'] },
      { name: "O'Brien's [link](https://evil.example.net/phish)", type: 'default', solutions: [] },
    ],
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.issues));
  return validation.profile;
}
