import { catalog } from '../../src/catalog/index.js';

/**
 * The full-household question both ways: every attribute NEW_APPLICATION allows from every
 * synchronous source. The banks are left out of both: they answer by ticket, which a gateway over
 * OpenAPI has no way to wait for, so asking them would compare a poll loop the user writes.
 */
export interface Question {
  sources: { id: string; codes: string[] }[];
}

export function fullHouseholdQuestion(): Question {
  const cat = catalog();
  const sources = cat.sources
    .filter((s) => s.protocol === 'sync')
    .map((s) => ({ id: s.id, codes: cat.attributesOf(s.id).filter((a) => a.purposes.includes('NEW_APPLICATION')).map((a) => a.code) }))
    .filter((s) => s.codes.length > 0);
  return { sources };
}

/** Mesh's name for an attribute code, as an enum value and a field: what is not a GraphQL name character becomes `_`. */
export const graphqlName = (code: string) => code.replace(/[^_a-zA-Z0-9]/g, '_');

function askSource(alias: string, source: Question['sources'][number], persons: string): string {
  const names = source.codes.map(graphqlName);
  return `${alias}: ${source.id}_query(input: { persons: ${persons}, attributes: [${names.join(', ')}] }) {
    ... on ${source.id}_Answer { results { ... on ${source.id}_Record { idNumber asOf values { ${names.join(' ')} } } ... on NotFound { idNumber } } }
  }`;
}

/** The query a user writes per member and per source: `$m0`..`$m<n-1>` are the members' ID numbers. */
export function perMemberQuery(q: Question, members: number): string {
  const vars = Array.from({ length: members }, (_, i) => `$m${i}: String!`).join(', ');
  const fields = Array.from({ length: members }, (_, i) => q.sources.map((s) => askSource(`m${i}_${s.id}`, s, `[$m${i}]`))).flat();
  return `query PerMember(${vars}) {\n${fields.join('\n')}\n}`;
}

/** The same question with the members put in one call per source by hand: what a user who knows the API's bulk form writes. */
export function batchedQuery(q: Question, members: number): string {
  const vars = Array.from({ length: members }, (_, i) => `$m${i}: String!`).join(', ');
  const all = `[${Array.from({ length: members }, (_, i) => `$m${i}`).join(', ')}]`;
  return `query Batched(${vars}) {\n${q.sources.map((s) => askSource(s.id, s, all)).join('\n')}\n}`;
}

type GatewayRecord = { idNumber: string; values?: Record<string, unknown> };

/** `idNumber code` of every non-null value a gateway answer holds (either query shape). */
export function gatewayValues(q: Question, data: Record<string, { results?: GatewayRecord[] }>): Set<string> {
  const found = new Set<string>();
  for (const answer of Object.values(data)) {
    for (const r of answer.results ?? []) {
      for (const s of q.sources) {
        for (const code of s.codes) if (r.values?.[graphqlName(code)] != null) found.add(`${r.idNumber} ${code}`);
      }
    }
  }
  return found;
}
