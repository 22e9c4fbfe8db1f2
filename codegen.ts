import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the tests: every `graphql(...)` document under test/ is checked against the
 * committed schema.graphql, so a test that asks for a field the API lacks fails here and in the typecheck.
 * Also the `possibleTypes` map that Apollo Client needs for the API's unions and interfaces
 * (client/possible-types.ts, committed for clients to import).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'client/possible-types.ts': {
      documents: [],
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        importExtension: '.ts',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string', Upload: 'File' },
      },
    },
  },
};

export default config;
