/**
 * The committed contract files are what the code produces: schema/schema.graphql
 * (from the type-graphql classes) and test/generated/ (codegen from that schema and
 * the operations). Fix a failure with `npm run schema && npm run codegen`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import {
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from "graphql/index.js";
import { describe, expect, test } from "vitest";
import codegenConfig from "../../codegen.js";
import { buildApiSchema } from "../../schema/build-schema.js";
import { SCHEMA_FILE, schemaText } from "../../schema/emit-schema.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GENERATED = join(ROOT, "test/generated");

describe("committed contract files are current", () => {
  test("schema/schema.graphql matches the type-graphql schema (npm run schema)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await schemaText());
  });

  test("test/generated/ matches codegen over the committed schema and the operations (npm run codegen)", async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: ROOT, silent: true }, false);
    const expected = new Map(outputs.map((o) => [relative(ROOT, resolve(ROOT, o.filename)), o.content]));
    const committed = new Map(readdirSync(GENERATED).map((f) => [relative(ROOT, join(GENERATED, f)), readFileSync(join(GENERATED, f), "utf8")]));
    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) expect(committed.get(file), file).toBe(content);
  });
});

test("every type, field, argument and enum value has a description (it is the analysts' documentation)", async () => {
  const schema = await buildApiSchema();
  const missing: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(where);
  };
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (type !== schema.getQueryType() && type !== schema.getMutationType()) check(type.name, type.description); // root types are described by their fields
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
  }
  expect(missing).toEqual([]);
});
