import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_ENV_DOC, authOptionsFromEnv, DEV_ISSUER } from '../../src/auth/index.js';
import { ConfigError } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    authOptionsFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('auth configuration', () => {
  it('defaults to the dev issuer and its JWKS file, without requiring the file to exist', () => {
    expect(authOptionsFromEnv({})).toEqual({
      issuers: [{ issuer: DEV_ISSUER, jwks: { file: path.resolve('.data/dev-keys/jwks.json') } }],
      audience: 'verification-hub',
      algorithms: ['ES256', 'EdDSA', 'RS256', 'PS256'],
      clockToleranceSec: 30,
    });
    expect(authOptionsFromEnv({ AUTH_DEV_KEYS_DIR: '/tmp/elsewhere' }).issuers).toEqual([{ issuer: DEV_ISSUER, jwks: { file: '/tmp/elsewhere/jwks.json' } }]);
  });

  it('reads several issuers, each with a JWKS URL or file', () => {
    const options = authOptionsFromEnv({
      AUTH_ISSUERS: 'https://idp.example.gov.cn/realms/mca=https://idp.example.gov.cn/certs?format=jwks, urn:province:37=keys/sd.json',
      AUTH_AUDIENCE: 'hub-prod',
      AUTH_ALGORITHMS: 'RS256, PS256',
      AUTH_CLOCK_SKEW_S: '0',
    });
    expect(options).toEqual({
      issuers: [
        { issuer: 'https://idp.example.gov.cn/realms/mca', jwks: { url: 'https://idp.example.gov.cn/certs?format=jwks' } },
        { issuer: 'urn:province:37', jwks: { file: path.resolve('keys/sd.json') } },
      ],
      audience: 'hub-prod',
      algorithms: ['RS256', 'PS256'],
      clockToleranceSec: 0,
    });
  });

  it('names every bad variable, its value and the reason', () => {
    expect(
      problemsOf({ AUTH_ISSUERS: 'urn:a=a.json,nonsense', AUTH_AUDIENCE: ' ', AUTH_ALGORITHMS: 'ES256,HS256,none', AUTH_CLOCK_SKEW_S: '301' }),
    ).toEqual([
      'AUTH_ISSUERS="urn:a=a.json,nonsense": "nonsense" is not an issuer=jwks pair',
      'AUTH_AUDIENCE=" ": must not be empty',
      'AUTH_ALGORITHMS="ES256,HS256,none": "HS256", "none" not accepted: asymmetric algorithms only (ES256, ES384, ES512, EdDSA, Ed25519, RS256, RS384, RS512, PS256, PS384, PS512)',
      'AUTH_CLOCK_SKEW_S="301": must be an integer from 0 to 300',
    ]);
  });

  it('refuses a duplicated issuer, a broken URL and a non-integer clock skew', () => {
    expect(problemsOf({ AUTH_ISSUERS: 'urn:a=a.json,urn:a=b.json' })).toEqual(['AUTH_ISSUERS="urn:a=a.json,urn:a=b.json": issuer "urn:a" is listed twice']);
    expect(problemsOf({ AUTH_ISSUERS: 'urn:a=https://' })).toEqual(['AUTH_ISSUERS="urn:a=https://": "https://" is not a valid URL']);
    expect(problemsOf({ AUTH_CLOCK_SKEW_S: '1.5' })).toEqual(['AUTH_CLOCK_SKEW_S="1.5": must be an integer from 0 to 300']);
    expect(problemsOf({ AUTH_ALGORITHMS: '' })).toEqual(['AUTH_ALGORITHMS="": "" not accepted: asymmetric algorithms only (ES256, ES384, ES512, EdDSA, Ed25519, RS256, RS384, RS512, PS256, PS384, PS512)']);
  });

  it('documents every variable it reads', () => {
    expect(AUTH_ENV_DOC.map((row) => row.name)).toEqual(['AUTH_ISSUERS', 'AUTH_AUDIENCE', 'AUTH_ALGORITHMS', 'AUTH_CLOCK_SKEW_S', 'AUTH_DEV_KEYS_DIR']);
    expect(AUTH_ENV_DOC.find((row) => row.name === 'AUTH_ALGORITHMS')?.default).toBe('ES256,EdDSA,RS256,PS256');
  });
});
