import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** A non-development identity provider for production hubs: an ES256 key pair, its JWKS in a temp file. */
export interface TestIssuer {
  issuer: string;
  /** `AUTH_ISSUERS` value trusting it. */
  authIssuers: string;
  sign(claims: { sub?: string; org: string; roles: string[] }): Promise<string>;
}

export async function createTestIssuer(issuer = 'https://idp.example.gov.cn/realms/assistance'): Promise<TestIssuer> {
  const { privateKey, publicKey } = (await generateKeyPair('ES256', { extractable: true })) as { privateKey: CryptoKey; publicKey: CryptoKey };
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-idp-1', alg: 'ES256', use: 'sig' };
  const file = join(mkdtempSync(join(tmpdir(), 'hub-idp-')), 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: [jwk] }));
  return {
    issuer,
    authIssuers: `${issuer}=${file}`,
    sign: ({ sub = 'idp-user', org, roles }) =>
      new SignJWT({ org, roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-idp-1' })
        .setIssuer(issuer)
        .setSubject(sub)
        .setAudience('verification-hub')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
  };
}

/** A token that looks right but is signed by nobody the hub trusts. */
export async function forgedToken(): Promise<string> {
  const other = await createTestIssuer('urn:verification-hub:dev');
  return other.sign({ org: '370102', roles: ['admin', 'auditor', 'verifier'] });
}
