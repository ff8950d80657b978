import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let root: string;
beforeAll(async () => {
  t = await startTestHub();
  root = t.url.replace('/graphql', '');
}, 60_000);
afterAll(() => t?.stop());

function expectSecurityHeaders(res: Response, where: string): string {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), where).toBe('DENY');
  expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
  expect(res.headers.get('x-powered-by'), where).toBeNull();
  return csp;
}

describe('security headers', () => {
  it('are on every REST, GraphQL and HTML response, refusals included', async () => {
    const auth = { authorization: `Bearer ${await t.token(['verifier'], '370102')}` };
    const responses: [string, Response][] = [
      ['healthz', await fetch(`${root}/healthz`)],
      ['readyz', await fetch(`${root}/readyz`)],
      ['jwks', await fetch(`${root}/.well-known/jwks.json`)],
      ['graphql', await fetch(t.url, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })],
      ['graphql 401', await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })],
      ['printable report', await fetch(`${root}/reports/00000000-0000-4000-8000-000000000000.html`, { headers: auth })],
      ['csv export', await fetch(`${root}/batches/00000000-0000-4000-8000-000000000000/results.csv`, { headers: auth })],
    ];
    for (const [where, res] of responses) {
      const csp = expectSecurityHeaders(res, where);
      expect(csp, where).toContain("default-src 'none'");
    }
  });

  it('keeps unknown routes unframeable and loading nothing (Express answers those 404s with its own CSP)', async () => {
    const res = await fetch(`${root}/nothing-here`);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lets the printable report use its inline style and nothing else', async () => {
    const csp = (await fetch(`${root}/healthz`)).headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src|https?:/);
  });

  it('gives the queue dashboard a CSP it loads with: its page, scripts and styles from itself', async () => {
    const auth = { authorization: `Bearer ${await t.token(['admin'], '370000')}` };
    const page = await fetch(`${root}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    const csp = expectSecurityHeaders(page, 'dashboard');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    // No inline executable script: only the JSON config block, which CSP does not run.
    expect([...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].every((m) => /type="application\/json"/.test(m[1]!))).toBe(true);
    for (const asset of assets) {
      const res = await fetch(`${root}/admin/queues/${asset}`, { headers: auth });
      expect(res.status, asset).toBe(200);
    }
  });
});
