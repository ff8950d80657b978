import { describe, expect, it } from 'vitest';
import { signInOptionsFromEnv } from '../../src/sign-in/index.js';

describe('OIDC_* and SESSION_* settings', () => {
  it('runs the development identity provider without OIDC_ISSUER in development, and no sign-in in production', () => {
    expect(signInOptionsFromEnv({}, false).provider).toEqual({ kind: 'development' });
    expect(signInOptionsFromEnv({}, true).provider).toEqual({ kind: 'off' });
  });

  it('reads an organisation provider with its secret, claims, role map and time-outs', () => {
    const o = signInOptionsFromEnv({ OIDC_ISSUER: 'https://idp.example.gov.cn/realms/mz', OIDC_CLIENT_SECRET: 's3cret', OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: 'hub-verifiers=verifier,hub-audit=auditor', CONSOLE_PUBLIC_URL: 'https://hub.example.gov.cn/', SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8' }, true);
    expect(o).toMatchObject({ provider: { kind: 'oidc', issuer: 'https://idp.example.gov.cn/realms/mz', clientId: 'verification-hub-console', allowHttp: false }, claims: { rolesClaim: 'groups', orgClaim: 'org', roleMap: { 'hub-verifiers': 'verifier', 'hub-audit': 'auditor' } }, sessions: { idleSeconds: 900, absoluteSeconds: 28_800 }, publicUrl: 'https://hub.example.gov.cn' });
  });

  it('names every bad variable and never repeats the secret', () => {
    let problems: string[] = [];
    try {
      signInOptionsFromEnv({ OIDC_ISSUER: 'http://idp.local', OIDC_ROLE_MAP: 'x=superuser', OIDC_SCOPES: 'profile' }, true);
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems.join('\n')).toMatch(/OIDC_ROLE_MAP/);
    expect(problems.join('\n')).toMatch(/OIDC_SCOPES/);
    try {
      signInOptionsFromEnv({ OIDC_ISSUER: 'http://idp.local', OIDC_CLIENT_SECRET: 'hunter2' }, true);
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems.join('\n')).toMatch(/OIDC_ISSUER=.*must be https/);
    expect(problems.join('\n')).toMatch(/CONSOLE_PUBLIC_URL: required/);
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
