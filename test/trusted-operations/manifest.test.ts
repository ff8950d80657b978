import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, validate } from 'graphql';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { loadConfig } from '../../src/config.js';
import { typeDefs } from '../../src/server/index.js';
import { admitOperation, collectOperations, loadTrustedOperations, operationHash } from '../../src/trusted-operations/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'trusted-ops-'));

describe('manifests of trusted operations', () => {
  it('writes one entry per named operation, with the fragments it uses, its id the SHA-256 of its body', () => {
    const d = dir();
    writeFileSync(join(d, 'a.graphql'), 'query A { household(id: "x") { ...F } }\nfragment F on HouseholdStatus { circle ...G }\nfragment G on HouseholdStatus { reportId }\nmutation B { recordAssistance(householdId: "x", programme: "P", amount: 1, date: "2026-01-01", department: "d") { repeat } }');
    const manifest = collectOperations([d]);
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.operations.map((o) => [o.name, o.type])).toEqual([['A', 'query'], ['B', 'mutation']]);
    const a = manifest.operations[0]!;
    expect(a.body).toMatch(/fragment F on HouseholdStatus[\s\S]*fragment G on HouseholdStatus/);
    expect(manifest.operations[1]!.body).not.toContain('fragment');
    expect(a.id).toBe(operationHash(a.body));
  });

  it('refuses an unnamed operation and a fragment that is not there, naming the file', () => {
    const d = dir();
    writeFileSync(join(d, 'x.graphql'), '{ household(id: "x") { circle } }');
    expect(() => collectOperations([d])).toThrow(/x\.graphql: an operation without a name/);
    writeFileSync(join(d, 'x.graphql'), 'query Q { household(id: "x") { ...Missing } }');
    expect(() => collectOperations([d])).toThrow(/fragment Missing is used but not defined/);
  });

  it('reads Apollo manifests and hash-to-document maps, refusing an entry whose hash is not its document\'s', () => {
    const d = dir();
    const body = 'query Q { __typename }';
    writeFileSync(join(d, 'apollo.json'), JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: operationHash(body), name: 'Q', type: 'query', body }] }));
    writeFileSync(join(d, 'codegen.json'), JSON.stringify({ [`sha256:${operationHash('query R { __typename }')}`]: 'query R { __typename }' }));
    const ops = loadTrustedOperations([d, join(d, 'absent')]);
    expect(ops.size).toBe(2);
    expect(ops.get(operationHash(body))).toBe(body);
    writeFileSync(join(d, 'forged.json'), JSON.stringify({ [operationHash(body)]: 'query Other { __typename }' }));
    expect(() => loadTrustedOperations([d])).toThrow(/forged\.json: operation "[0-9a-f]{64}" is not the SHA-256 of its document/);
  });
});

describe('the sample platform\'s manifest', () => {
  const operations = new URL('../../examples/assistance-platform/operations', import.meta.url).pathname;
  const committed = JSON.parse(readFileSync(new URL('../../examples/assistance-platform/trusted-operations.json', import.meta.url), 'utf8')) as unknown;

  it('is what npm run trusted-operations writes from its operations (regenerate it when they change)', () => {
    expect(collectOperations([operations])).toEqual(committed);
  });

  it('registers operations that validate against the hub\'s schema', () => {
    const schema = buildSubgraphSchema([{ typeDefs: typeDefs(catalog()) }]);
    for (const o of collectOperations([operations]).operations) expect(validate(schema, parse(o.body)).map((e) => `${o.name}: ${e.message}`)).toEqual([]);
  });
});

describe('admitting an assistance system\'s operation', () => {
  const body = 'query Q { __typename }';
  const ops = { get: (h: string) => (h === operationHash(body) ? body : undefined), size: 1, manifests: [] };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return [(err as { extensions: { code: string; field: string } }).extensions.code, (err as { extensions: { field: string } }).extensions.field];
    }
    return null;
  };

  it('runs a registered document named by its hash, by documentId, or sent as it was registered', () => {
    expect(admitOperation({ extensions: { persistedQuery: { sha256Hash: operationHash(body) } } }, ops)).toBe(body);
    expect(admitOperation({ documentId: `sha256:${operationHash(body)}` }, ops)).toBe(body);
    expect(admitOperation({ query: body, extensions: { persistedQuery: { sha256Hash: operationHash(body) } } }, ops)).toBe(body);
    expect(admitOperation({ query: body }, ops)).toBe(body);
  });

  it('refuses OPERATION_NOT_TRUSTED naming the part at fault', () => {
    expect(codeOf(() => admitOperation({ query: 'query Q { __schema { types { name } } }' }, ops))).toEqual(['OPERATION_NOT_TRUSTED', 'query']);
    expect(codeOf(() => admitOperation({ extensions: { persistedQuery: { sha256Hash: 'f'.repeat(64) } } }, ops))).toEqual(['OPERATION_NOT_TRUSTED', 'extensions.persistedQuery.sha256Hash']);
    expect(codeOf(() => admitOperation({ documentId: 'nope' }, ops))).toEqual(['OPERATION_NOT_TRUSTED', 'documentId']);
    expect(codeOf(() => admitOperation({ query: 'query Q { __typename __typename }', extensions: { persistedQuery: { sha256Hash: operationHash(body) } } }, ops))).toEqual(['OPERATION_NOT_TRUSTED', 'query']);
    expect(codeOf(() => admitOperation({}, ops))).toEqual(['OPERATION_NOT_TRUSTED', 'query']);
  });
});

describe('TRUSTED_OPERATIONS', () => {
  const production = { HUB_ENV: 'production', SOURCE_BASE_URL: 'https://agencies.example.gov.cn', DATA_KEK: randomBytes(32).toString('base64'), AUTH_ISSUERS: 'https://idp.example.gov.cn=https://idp.example.gov.cn/jwks' };

  it('is on in the production profile and off in development unless set', () => {
    expect(loadConfig(production).trustedOperations.enabled).toBe(true);
    expect(loadConfig({ ...production, TRUSTED_OPERATIONS: 'off' }).trustedOperations.enabled).toBe(false);
    expect(loadConfig({}).trustedOperations).toMatchObject({ enabled: false, manifests: [expect.stringMatching(/\/trusted-operations$/)] });
    expect(loadConfig({ TRUSTED_OPERATIONS: 'on', TRUSTED_OPERATIONS_MANIFESTS: 'a.json, b' }).trustedOperations).toMatchObject({ enabled: true, manifests: [expect.stringMatching(/\/a\.json$/), expect.stringMatching(/\/b$/)] });
  });

  it('names the variable when its value is not on, off or record; refuses record in production', () => {
    expect(() => loadConfig({ TRUSTED_OPERATIONS: 'yes' })).toThrow(/TRUSTED_OPERATIONS="yes"/);
    expect(() => loadConfig({ ...production, TRUSTED_OPERATIONS: 'record' })).toThrow(/TRUSTED_OPERATIONS="record": recording admits every operation; it is refused when HUB_ENV=production/);
    expect(loadConfig({ TRUSTED_OPERATIONS: 'record' }).trustedOperations).toMatchObject({ enabled: true, recordTo: expect.stringMatching(/\.data\/trusted-operations\.recorded\.json$/) });
  });
});
