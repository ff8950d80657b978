import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_MAPPING, personFromClaims } from '../../src/sign-in/index.js';

const ISSUER = 'https://idp.example.gov.cn';

describe('claims to caller', () => {
  it('maps sub, org, roles and name', () => {
    expect(personFromClaims({ sub: 'u1', org: '370102', roles: ['verifier', 'reviewer'], name: '王敏' }, ISSUER, DEFAULT_CLAIM_MAPPING)).toEqual({ caller: { sub: 'u1', org: '370102', roles: ['verifier', 'reviewer'], issuer: ISSUER }, name: '王敏' });
  });

  it('reads roles given as one space- or comma-separated string', () => {
    expect(personFromClaims({ sub: 'u1', org: '370100', roles: 'verifier, auditor' }, ISSUER, DEFAULT_CLAIM_MAPPING).caller.roles).toEqual(['verifier', 'auditor']);
  });

  it('refuses an unknown role, an unknown region, a missing sub (UNAUTHENTICATED, INVALID_CLAIMS)', () => {
    for (const [claims, message] of [
      [{ sub: 'u1', org: '370102', roles: ['verifier', 'superuser'] }, /unknown role/],
      [{ sub: 'u1', org: '999999', roles: ['verifier'] }, /"org" must be a known region code/],
      [{ org: '370102', roles: ['verifier'] }, /"sub"/],
      [{ sub: 'u1', org: '370102', roles: [] }, /non-empty list/],
    ] as const) {
      expect(() => personFromClaims(claims, ISSUER, DEFAULT_CLAIM_MAPPING)).toThrow(message);
      try {
        personFromClaims(claims, ISSUER, DEFAULT_CLAIM_MAPPING);
      } catch (err) {
        expect((err as { extensions: object }).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CLAIMS' });
      }
    }
  });

  it("with a role map, takes the mapped values of the provider's groups and ignores the others", () => {
    const mapping = { rolesClaim: 'groups', orgClaim: 'dept_region', roleMap: { 'hub-verifiers': 'verifier', 'hub-audit': 'auditor' } as const };
    expect(personFromClaims({ sub: 'u1', dept_region: '370102', groups: ['all-staff', 'hub-verifiers'] }, ISSUER, mapping).caller.roles).toEqual(['verifier']);
    expect(() => personFromClaims({ sub: 'u1', dept_region: '370102', groups: ['all-staff'] }, ISSUER, mapping)).toThrow(/grants no role/);
  });
});
