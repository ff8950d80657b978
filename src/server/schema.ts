import { readdirSync, readFileSync } from 'node:fs';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { hideFromSupergraph } from './supergraph-visibility.js';
import { ATTRIBUTE_TYPES, CATEGORIES, FAMILIES, PURPOSES, type Attribute, type Catalog } from '../catalog/index.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

/** GraphQL enum value for a catalogue name (`identity.birth_date` -> `IDENTITY_BIRTH_DATE`). */
export function enumValue(name: string): string {
  return name.replace(/[.-]/g, '_').toUpperCase();
}

/** GraphQL type name of a source's record (`ps_hukou` -> `PsHukouRecord`). */
function recordTypeName(sourceId: string): string {
  return `${sourceId.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Record`;
}

function enumSdl(name: string, values: readonly string[], description: string): string {
  return `"${description}"\nenum ${name} {\n${values.map((v) => `  ${enumValue(v)}`).join('\n')}\n}\n`;
}

const GRAPHQL_TYPE: Record<Attribute['type'], string> = {
  MONEY: 'Float',
  INTEGER: 'Int',
  DECIMAL: 'Float',
  BOOLEAN: 'Boolean',
  DATE: 'String',
  TEXT: 'String',
  ENUM: 'String',
};

function describe(text: string): string {
  return JSON.stringify(text);
}

/**
 * One object type per source with one field per attribute, and `PersonRecords` with one field per
 * source: typed access to the 426 attributes without hand-copying the catalogue into SDL.
 */
function recordTypeDefs(catalog: Catalog): string {
  const types = catalog.sources.map((s) => {
    const fields = catalog.attributesOf(s.id).map((a) => {
      const note = [a.zh, a.en, a.unit ? `(${a.unit})` : '', a.values ? `one of ${a.values.join(', ')}` : ''].filter(Boolean).join(' ');
      return `  ${describe(`${note}. Code ${a.code}.`)}\n  ${a.code.slice(s.id.length + 1)}: ${GRAPHQL_TYPE[a.type]}`;
    });
    return `${describe(`${s.zh} / ${s.en}: what the source holds about one person.`)}\ntype ${recordTypeName(s.id)} {\n  "The date the agency says the values are true of."\n  asOf: String!\n${fields.join('\n')}\n}\n`;
  });
  const records = `"Per-source records of one member; a field is null when the source was not asked, has no record or has not answered."\ntype PersonRecords {\n${catalog.sources.map((s) => `  ${s.id}: ${recordTypeName(s.id)}`).join('\n')}\n}\n`;
  return [...types, records].join('\n');
}

/** SDL derived from the catalogue's closed lists, so the schema cannot drift from the data. */
function generatedTypeDefs(catalog: Catalog): string {
  return [
    enumSdl('Purpose', PURPOSES, "Why a verification looks at a person's data."),
    enumSdl('AttributeType', ATTRIBUTE_TYPES, 'Value type of an attribute.'),
    enumSdl('AttributeCategory', CATEGORIES, 'What an attribute means to the means test.'),
    enumSdl('SourceFamily', FAMILIES, 'Agency family: sources that share one exchange protocol.'),
    recordTypeDefs(catalog),
  ].join('\n');
}

/** The SDL files of schema/ plus the generated SDL, merged into one document. */
export function typeDefs(catalog: Catalog): DocumentNode {
  const files = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(new URL(f, SCHEMA_DIR), 'utf8'));
  // Audit fields stay out of any supergraph (supergraph-visibility.ts); the hub itself still serves them.
  return hideFromSupergraph(mergeTypeDefs([...files, generatedTypeDefs(catalog)], { throwOnConflict: true }));
}

/** The resolver map `buildSubgraphSchema` takes (its own name for it is not exported by the package). */
export type Resolvers = NonNullable<Exclude<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], DocumentNode>['resolvers']>;

/**
 * Built as an Apollo Federation 2 subgraph (`Household` and `Person` are entities), which still
 * serves as a plain GraphQL endpoint: a supergraph can compose the hub without a second schema.
 */
export function buildSchema(catalog: Catalog, resolvers: Resolvers): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: typeDefs(catalog), resolvers }]);
}
