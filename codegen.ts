import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator: typed documents (client preset) for the operations of the
 * API tests and for the example operations analysts copy, against the committed
 * schema. `npm run codegen` writes test/generated/; a test fails when it is stale.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["test/**/*.graphql", "examples/*.graphql"],
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
