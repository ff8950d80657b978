import { readdirSync, readFileSync } from 'node:fs';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { ATTRIBUTE_TYPES, CATEGORIES, FAMILIES, PURPOSES } from '../catalog/index.js';
import type { HubContext, Resolvers } from './resolvers.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

/** GraphQL enum value for a catalogue name (`identity.birth_date` -> `IDENTITY_BIRTH_DATE`). */
export function enumValue(name: string): string {
  return name.replace(/[.-]/g, '_').toUpperCase();
}

function enumSdl(name: string, values: readonly string[], description: string): string {
  return `"${description}"\nenum ${name} {\n${values.map((v) => `  ${enumValue(v)}`).join('\n')}\n}\n`;
}

/** SDL derived from the catalogue's closed lists, so the schema cannot drift from the data. */
export function generatedTypeDefs(): string {
  return [
    enumSdl('Purpose', PURPOSES, 'Why a verification looks at a person\'s data.'),
    enumSdl('AttributeType', ATTRIBUTE_TYPES, 'Value type of an attribute.'),
    enumSdl('AttributeCategory', CATEGORIES, 'What an attribute means to the means test.'),
    enumSdl('SourceFamily', FAMILIES, 'Agency family: sources that share one exchange protocol.'),
  ].join('\n');
}

/** The SDL files of schema/ plus the generated SDL, merged into one document. */
export function typeDefs(): string {
  const files = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(new URL(f, SCHEMA_DIR), 'utf8'));
  return mergeTypeDefs([...files, generatedTypeDefs()], { throwOnConflict: true }) as unknown as string;
}

export function buildSchema(resolvers: Resolvers): GraphQLSchema {
  return makeExecutableSchema<HubContext>({ typeDefs: typeDefs(), resolvers });
}
