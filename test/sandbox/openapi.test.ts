import { validate, compileErrors } from '@readme/openapi-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { openApiDocument } from '../../connectors/sandbox/openapi.js';
import { catalog } from '../../src/catalog/index.js';
import { startTestSandbox, until } from '../kit/index.js';

type Doc = {
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

let sandbox: Sandbox;
let doc: Doc;
let ajv: Ajv2020;

beforeAll(async () => {
  sandbox = await startTestSandbox({ asyncDelayMs: 50 });
  doc = (await (await fetch(`${sandbox.url}/openapi.json`)).json()) as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // The components as one schema resource, so that each response schema's `#/components/...` refs resolve.
  ajv.addSchema({ $id: 'sandbox', components: doc.components }, 'sandbox');
});
afterAll(() => sandbox.close());

/** A validator for what the document says `path` answers with `status`. */
function responseSchema(path: string, method: string, status: string): ValidateFunction {
  const schema = doc.paths[path]![method]!.responses[status]!.content!['application/json']!.schema as { $ref: string };
  return ajv.compile({ $ref: `sandbox${schema.$ref}` });
}

async function call(path: string, body?: unknown) {
  const res = await fetch(sandbox.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The body schema of a response in `components.responses`. */
function errorSchema(ref: string): ValidateFunction {
  return ajv.compile({ $ref: `sandbox${ref}/content/application~1json/schema` });
}

function expectValid(check: ValidateFunction, body: unknown): void {
  expect(check(body), JSON.stringify(check.errors?.slice(0, 3))).toBe(true);
}

async function personIds(): Promise<string[]> {
  const listed = (await (await fetch(`${sandbox.url}/sandbox/households?limit=40`)).json()) as { households: { members: { idNumber: string }[] }[] };
  return listed.households.flatMap((h) => h.members.map((m) => m.idNumber));
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(doc).toMatchObject({ openapi: '3.1.0', servers: [{ url: sandbox.url }] });
  });

  it('describes every source of the catalogue with the operations of its protocol', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    for (const source of catalog().sources) {
      const expected = source.protocol === 'sync' ? ['query', 'health'] : ['inquire', 'inquiry', 'health'];
      for (const op of expected) expect(operations).toContain(`${source.id}_${op}`);
    }
    expect(operations).toHaveLength(catalog().sources.reduce((n, s) => n + (s.protocol === 'sync' ? 2 : 3), 0));
  });

  it('types each attribute from the catalogue, an enum with its values', () => {
    const values = doc.components.schemas['ps_hukou_Values'] as { properties: Record<string, { type: string[]; enum?: unknown[] }> };
    for (const a of catalog().attributesOf('ps_hukou')) {
      expect(values.properties[a.code]).toBeDefined();
      if (a.type === 'ENUM') expect(values.properties[a.code]!.enum).toEqual([...a.values!, null]);
    }
    expect(openApiDocument(catalog())).toEqual(Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'servers')));
  });
});

describe('what the sandbox answers matches the document', () => {
  it('every synchronous source, all its attributes, found and not found', async () => {
    const persons = [...(await personIds()).slice(0, 40), '11010519491231002X'];
    let found = 0;
    for (const source of catalog().sources.filter((s) => s.protocol === 'sync')) {
      const check = responseSchema(`/agencies/${source.id}/query`, 'post', '200');
      const res = await call(`/agencies/${source.id}/query`, { persons: persons.slice(0, source.maxBulk) });
      expect(res.status).toBe(200);
      expectValid(check, res.body);
      // The check has teeth: a found record without its values is refused.
      expect(check({ source: source.id, results: [{ idNumber: persons[0], found: true, asOf: '2026-01-01' }] })).toBe(false);
      found += (res.body as { results: { found: boolean }[] }).results.filter((r) => r.found).length;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('a bank: the inquiry, a pending poll and the answer', async () => {
    const persons = (await personIds()).slice(0, 20);
    sandbox.setBehaviour('bank_icbc', { asyncDelayMs: 300 });
    const taken = await call('/agencies/bank_icbc/inquiries', { persons });
    expect(taken.status).toBe(202);
    expectValid(responseSchema('/agencies/bank_icbc/inquiries', 'post', '202'), taken.body);
    const path = `/agencies/bank_icbc/inquiries/${(taken.body as { ticket: string }).ticket}`;
    const pending = await call(path);
    expect(pending.status).toBe(202);
    expectValid(responseSchema('/agencies/bank_icbc/inquiries/{ticket}', 'get', '202'), pending.body);
    const done = await until('the inquiry answered', () => call(path), (r) => r.status === 200, 5_000, 50);
    expectValid(responseSchema('/agencies/bank_icbc/inquiries/{ticket}', 'get', '200'), done.body);
    expect((done.body as { results: unknown[] }).results).toHaveLength(persons.length);
  });

  it('the error answers: bad request, bulk limit, rate limit, unknown ticket', async () => {
    const responses = doc.paths['/agencies/tax/query']!.post!.responses as unknown as Record<string, { $ref: string }>;
    const error = (status: string) => errorSchema(responses[status]!.$ref);
    const unknownAttribute = await call('/agencies/tax/query', { persons: ['11010519491231002X'], attributes: ['ps_hukou.name'] });
    expect(unknownAttribute.status).toBe(400);
    const tooMany = await call('/agencies/tax/query', { persons: Array.from({ length: catalog().source('tax')!.maxBulk + 1 }, () => '11010519491231002X') });
    expect(tooMany.status).toBe(413);
    sandbox.injectFault({ source: 'tax', mode: 'rate-limited', seconds: 5 });
    const limited = await call('/agencies/tax/query', { persons: ['11010519491231002X'] });
    sandbox.clearFaults('tax');
    expect(limited.status).toBe(429);
    const unknownTicket = await call('/agencies/bank_icbc/inquiries/nope');
    expect(unknownTicket.status).toBe(404);
    expectValid(errorSchema('#/components/responses/UnknownTicket'), unknownTicket.body);
    for (const [status, res] of [['400', unknownAttribute], ['413', tooMany], ['429', limited]] as const) expectValid(error(status), res.body);
  });
});
