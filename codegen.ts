import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator: typed documents (client preset) for every GraphQL document the
 * project sends, all in examples/ (the analysts' operations at its top, the dashboard's in
 * examples/dashboard/, the tests' in examples/tests/), against the committed schema.
 * `npm run codegen` writes test/generated/; a test fails when it is stale.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["examples/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "test/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        emitLegacyCommonJSImports: false,
        scalars: {
          LocalDate: "string",
          BigInt: { input: "number | string", output: "number | string" },
        },
      },
    },
  },
};

export default config;
