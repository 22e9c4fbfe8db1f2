import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the tests: every `graphql(...)` document under test/ is checked against the
 * committed schema.graphql, so a test that asks for a field the API lacks fails here and in the typecheck.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: false,
  generates: {
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
