import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { catalog } from '../catalog/index.js';
import { typeDefs } from '../server/index.js';
import { CONSOLE_SOURCE_DIR, OPERATION_TYPES_DIR } from '../console-build/index.js';

/** The hub's schema as SDL, as the server builds it (the SDL files and what the catalogue generates). */
export function hubSchemaSdl(): string {
  return printSchema(buildSubgraphSchema([{ typeDefs: typeDefs(catalog()) }]));
}

export interface GeneratedFile {
  /** Path relative to console/src/gql. */
  path: string;
  content: string;
}

/**
 * The console's typed operations (graphql-codegen's client preset): every `graphql(...)` document in
 * console/src is validated against the schema and gets its result and variable types. Documents are
 * plain strings (`documentMode: 'string'`), so the console ships no GraphQL parser of its own.
 * Throws when a document does not validate against the schema (a removed field, a wrong argument).
 */
export async function generateOperationTypes(): Promise<GeneratedFile[]> {
  const { generate } = await import('@graphql-codegen/cli');
  const output = await generate(
    {
      schema: hubSchemaSdl(),
      documents: [join(CONSOLE_SOURCE_DIR, 'src/**/*.tsx'), `!${join(OPERATION_TYPES_DIR, '**')}`],
      generates: {
        [OPERATION_TYPES_DIR]: {
          preset: 'client',
          presetConfig: { fragmentMasking: false },
          config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true, onlyOperationTypes: true, skipTypename: true },
        },
      },
      silent: true,
      errorsOnly: true,
    },
    false,
  );
  return (output as { filename: string; content: string }[]).map((f) => ({ path: relative(OPERATION_TYPES_DIR, f.filename), content: f.content })).sort((a: GeneratedFile, b: GeneratedFile) => a.path.localeCompare(b.path));
}

/** Writes the generated files into console/src/gql. */
export async function writeOperationTypes(): Promise<GeneratedFile[]> {
  const files = await generateOperationTypes();
  for (const f of files) {
    const target = join(OPERATION_TYPES_DIR, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return files;
}
