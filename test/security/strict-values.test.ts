import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIdNumber, composeIdNumber } from '../../src/identity/index.js';
import { parseDay, parseInstant } from '../../src/validation/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let token: string;
beforeAll(async () => {
  t = await startTestHub();
  token = await t.token(['verifier', 'assistance-system', 'auditor', 'admin', 'reviewer'], '370102', 'security-values');
}, 60_000);
afterAll(() => t?.stop());

const errorOf = (r: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => r.body.errors?.[0]?.extensions;

describe('ID numbers with an unknown region prefix', () => {
  it('are refused with INVALID_ID_NUMBER (BAD_REGION), whatever their check character', async () => {
    for (const region of ['990101', '100000', '000000', '720000']) expect(checkIdNumber(composeIdNumber(region, '1980-01-01', 11))).toMatchObject({ ok: false, problem: 'BAD_REGION' });
    for (const region of ['110101', '370102', '650102', '810000', '820000', '830000']) expect(checkIdNumber(composeIdNumber(region, '1980-01-01', 11)).ok).toBe(true);
    const members = [{ idNumber: composeIdNumber('990101', '1980-01-01', 11), name: '张三', relation: 'HEAD' }];
    const res = await t.gql(token, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }', { i: { household: { regionCode: '370102', externalRef: 'R1', members }, purpose: 'NEW_APPLICATION', applicationRef: 'A1' } });
    expect(errorOf(res)).toMatchObject({ code: 'INVALID_ID_NUMBER', field: 'input.household.members[0].idNumber', problem: 'BAD_REGION' });
  });
});

describe('dates that do not exist', () => {
  it('are refused by the one parser, not rolled over', () => {
    expect(() => parseDay('2026-02-30', 'date')).toThrow(/date: must be a real date/);
    expect(parseDay('2028-02-29', 'date')).toBe('2028-02-29');
    expect(() => parseInstant('2026-02-30T00:00:00Z', 'since')).toThrow(/since/);
    expect(() => parseInstant('2026-01-01T24:00:00Z', 'since')).toThrow(/since/);
    expect(() => parseInstant('2026-01-01T08:00+25:00', 'since')).toThrow(/since/);
    expect(parseInstant('2026-03-01T08:00:00+08:00', 'since').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it.each([
    ['consent validFrom', 'mutation { registerConsents(consents: [{ idNumber: "ID", name: "张三", documentSha256: "SHA", purposes: [NEW_APPLICATION], validFrom: "2026-02-30", validUntil: "2027-01-01" }]) { id } }', 'consents[0].validFrom'],
    ['recordAssistance date', 'mutation { recordAssistance(householdId: "00000000-0000-4000-8000-000000000000", programme: "MINIMUM_LIVING", amount: 1, date: "2026-02-30", department: "民政局") { __typename } }', 'date'],
    ['policy effectiveFrom', 'mutation { savePolicy(regionCode: "370102", effectiveFrom: "2026-02-30", parameters: {}) { id } }', 'effectiveFrom'],
    ['policy date', '{ policy(regionCode: "370102", date: "2026-02-30") { regionCode } }', 'date'],
    ['audit filter since', '{ auditEvents(filter: { since: "2026-02-30" }) { seq } }', 'filter.since'],
    ['changes since', '{ changes(regionCode: "370102", since: "2026-02-30T00:00:00Z") { hasNextPage } }', 'since'],
  ])('%s 2026-02-30 is BAD_USER_INPUT naming the field', async (_what, query, field) => {
    const q = query.replace('"ID"', JSON.stringify(composeIdNumber('370102', '1980-01-01', 11))).replace('"SHA"', JSON.stringify(await t.consentDocument(token)));
    expect(errorOf(await t.gql(token, q))).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface Arg { name: string; type: TypeRef }
interface Field { name: string; args: Arg[]; type: TypeRef }
const TYPE = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.ofType !== null && isList(t.ofType));
const typeString = (t: TypeRef): string => (t.kind === 'NON_NULL' ? `${typeString(t.ofType!)}!` : t.kind === 'LIST' ? `[${typeString(t.ofType!)}]` : t.name!);

describe('malformed ids', () => {
  it('answer BAD_USER_INPUT naming the argument on every id argument of the schema, never 500', async () => {
    const res = await t.gql<{ __schema: { queryType: { fields: Field[] }; mutationType: { fields: Field[] } }; enums: { enumValues: { name: string }[] } }>(token, `{ __schema { queryType { fields { name args { name type { ${TYPE} } } type { ${TYPE} } } } mutationType { fields { name args { name type { ${TYPE} } } type { ${TYPE} } } } } }`);
    const types = new Map<string, { kind: string; enumValues: { name: string }[] | null; inputFields: Arg[] | null }>();
    const typeOf = async (name: string) => {
      if (!types.has(name)) types.set(name, (await t.gql<{ __type: never }>(token, `{ __type(name: "${name}") { kind enumValues { name } inputFields { name type { ${TYPE} } } } }`)).body.data!.__type);
      return types.get(name)!;
    };
    // A literal for a required argument: the first enum value, a filler scalar, or an input object with its required fields.
    const literal = async (type: TypeRef): Promise<string> => {
      const n = named(type);
      let v = ({ String: '"x"', Int: '1', Float: '1', Boolean: 'true', ID: '"00000000-0000-4000-8000-000000000000"', JSON: '{}', AttributeScalar: '"x"' } as Record<string, string>)[n.name!];
      if (v === undefined) {
        const def = await typeOf(n.name!);
        if (def.kind === 'ENUM') v = def.enumValues![0]!.name;
        else v = `{ ${(await Promise.all((def.inputFields ?? []).filter((f) => f.type.kind === 'NON_NULL').map(async (f) => `${f.name}: ${await literal(f.type)}`))).join(', ')} }`;
      }
      return isList(type) ? `[${v}]` : v;
    };
    const isIdName = (name: string) => name === 'id' || name === 'ids' || /[a-z]Ids?$/.test(name);
    const tried: string[] = [];
    for (const [op, fields] of [['query', res.body.data!.__schema.queryType.fields], ['mutation', res.body.data!.__schema.mutationType.fields]] as const) {
      for (const field of fields) {
        for (const arg of field.args.filter((a) => named(a.type).name === 'ID')) {
          const others = await Promise.all(field.args.filter((a) => a !== arg && a.type.kind === 'NON_NULL').map(async (a) => `${a.name}: ${await literal(a.type)}`));
          const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(field.type).kind) ? ' { __typename }' : '';
          const query = `${op}($v: ${typeString(arg.type)}) { ${field.name}(${[`${arg.name}: $v`, ...others].join(', ')})${selection} }`;
          const value = isList(arg.type) ? ['not-a-uuid'] : 'not-a-uuid';
          const answer = await t.gql(token, query, { v: value });
          expect(answer.status, query).not.toBe(500);
          expect(errorOf(answer)?.code, query).not.toBe('INTERNAL_SERVER_ERROR');
          // Every argument named like an id is a UUID; other ID arguments are catalogue codes (sources, codes, attribute) or the audit sequence (before).
          if (isIdName(arg.name)) {
            expect(errorOf(answer), query).toMatchObject({ code: 'BAD_USER_INPUT', field: isList(arg.type) ? `${arg.name}[0]` : arg.name });
          }
          tried.push(`${field.name}.${arg.name}`);
        }
      }
    }
    expect(tried).toEqual(expect.arrayContaining(['verificationReport.id', 'household.id', 'batch.id', 'batchResults.id', 'cancelBatch.id', 'unsubscribeWebhook.id', 'revokeConsents.ids', 'retrySources.reportId', 'recordAssistance.householdId']));
  });

  // Attacker review: `{ auditEvents(filter: { requestId: "nope" }) { seq } }` was a 500: only
  // top-level argument names were checked. Every id field of every input object, at any depth.
  it('answer BAD_USER_INPUT naming the path on every id field of every input object in the schema, never 500', async () => {
    const res = await t.gql<{ __schema: { queryType: { fields: Field[] }; mutationType: { fields: Field[] } } }>(token, `{ __schema { queryType { fields { name args { name type { ${TYPE} } } type { ${TYPE} } } } mutationType { fields { name args { name type { ${TYPE} } } type { ${TYPE} } } } } }`);
    const inputs = new Map<string, Arg[]>();
    const inputFields = async (name: string): Promise<Arg[] | null> => {
      if (!inputs.has(name)) {
        const def = (await t.gql<{ __type: { kind: string; inputFields: Arg[] | null } }>(token, `{ __type(name: "${name}") { kind inputFields { name type { ${TYPE} } } } }`)).body.data!.__type;
        inputs.set(name, def.kind === 'INPUT_OBJECT' ? (def.inputFields ?? []) : []);
      }
      return inputs.get(name)!;
    };
    const filler = async (type: TypeRef, depth: number): Promise<unknown> => {
      const n = named(type);
      const scalar = ({ String: 'x', Int: 1, Float: 1, Boolean: true, ID: '00000000-0000-4000-8000-000000000000', JSON: {}, AttributeScalar: 'x' } as Record<string, unknown>)[n.name!];
      let v: unknown = scalar;
      if (v === undefined) {
        const fields = await inputFields(n.name!);
        if (fields && fields.length > 0 && depth < 4) v = Object.fromEntries(await Promise.all(fields.filter((f) => f.type.kind === 'NON_NULL').map(async (f) => [f.name, await filler(f.type, depth + 1)])));
        else v = (await t.gql<{ __type: { enumValues: { name: string }[] | null } }>(token, `{ __type(name: "${n.name}") { enumValues { name } } }`)).body.data!.__type.enumValues?.[0]?.name ?? {};
      }
      return isList(type) ? [v] : v;
    };
    const isIdName = (name: string) => name === 'id' || name === 'ids' || /[a-z]Ids?$/.test(name);
    /** Paths (inside one argument's input object) to id fields, with the value that puts a malformed id there. */
    const idPaths = async (type: TypeRef, depth: number): Promise<{ path: string; value: unknown }[]> => {
      const fields = await inputFields(named(type).name!);
      if (!fields || depth > 3) return [];
      const out: { path: string; value: unknown }[] = [];
      const base = (await filler(type, depth)) as Record<string, unknown> | Record<string, unknown>[];
      const one = (Array.isArray(base) ? base[0] : base) as Record<string, unknown>;
      const wrap = (o: Record<string, unknown>) => (isList(type) ? [o] : o);
      const prefix = isList(type) ? '[0]' : '';
      for (const f of fields) {
        if (isIdName(f.name)) out.push({ path: `${prefix}.${f.name}${isList(f.type) ? '[0]' : ''}`, value: wrap({ ...one, [f.name]: isList(f.type) ? ['not-a-uuid'] : 'not-a-uuid' }) });
        else for (const inner of await idPaths(f.type, depth + 1)) out.push({ path: `${prefix}.${f.name}${inner.path}`, value: wrap({ ...one, [f.name]: inner.value }) });
      }
      return out;
    };
    const tried: string[] = [];
    for (const [op, fields] of [['query', res.body.data!.__schema.queryType.fields], ['mutation', res.body.data!.__schema.mutationType.fields]] as const) {
      for (const field of fields) {
        for (const arg of field.args) {
          for (const { path, value } of await idPaths(arg.type, 0)) {
            const others = field.args.filter((a) => a !== arg && a.type.kind === 'NON_NULL');
            const vars = Object.fromEntries(await Promise.all(others.map(async (a) => [a.name, await filler(a.type, 0)])));
            const decl = [arg, ...others].map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
            const selection = ['OBJECT', 'INTERFACE', 'UNION'].includes(named(field.type).kind) ? ' { __typename }' : '';
            const query = `${op}(${decl}) { ${field.name}(${[arg, ...others].map((a) => `${a.name}: $${a.name}`).join(', ')})${selection} }`;
            const answer = await t.gql(token, query, { ...vars, [arg.name]: value });
            const at = `${arg.name}${path}`;
            expect(answer.status, at).not.toBe(500);
            expect(errorOf(answer), `${field.name} ${at}`).toMatchObject({ code: 'BAD_USER_INPUT', field: at });
            tried.push(`${field.name}(${at})`);
          }
        }
      }
    }
    expect(tried).toContain('auditEvents(filter.requestId)');
    const direct = await t.gql(token, '{ auditEvents(filter: { requestId: "nope" }) { seq } }');
    expect(errorOf(direct)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.requestId' });
  });

  it('answer BAD_USER_INPUT through federation references and the REST routes too', async () => {
    const entities = await t.gql(token, 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ __typename: 'Household', id: 'not-a-uuid' }] });
    expect(errorOf(entities)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const root = t.url.replace('/graphql', '');
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${root}/reports/${'-'.repeat(36)}.html`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${root}/batches/${'a'.repeat(36)}/results.csv`, { headers: auth })).status).toBe(400);
  });
});
