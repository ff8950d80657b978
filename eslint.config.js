import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // dist/: built output (the console); console/src/gql: generated from the schema (npm run build:console -- --types).
  { ignores: ['node_modules/', '.data/', 'coverage/', 'dist/', 'test-results/', 'console/src/gql/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['scripts/**', 'src/**/*-cli.ts', 'src/bin/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  // Module boundaries are checked by `npm run check:boundaries` (scripts/check-boundaries.ts, part of
  // `npm test`), not by a rule here: `no-restricted-imports` cannot say "a sibling's non-index file"
  // without one block per folder. The rule: an import into a sibling or cousin folder names its
  // index.ts; the root files of src/ (config.ts) are one-file modules anyone may import; a folder
  // and its own subfolders may import each other's files; a spec folder test/<name>/ may import the
  // internals of the folder <name>. Folders may not import each other in a cycle.
  {
    // Sizes. Blank lines and comments count: a file long with comments is as long to read, and the
    // limit is then the number `wc -l` shows. Tests are left out: a spec's describe() holds all its
    // cases, and a long spec reads better whole than split over files. Also left out: migrations
    // (history, never edited) and the sandbox's population generator (data written as code).
    files: ['src/**/*.ts', 'connectors/**/*.ts', 'jobs/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
);
