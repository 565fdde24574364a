/**
 * A small typed client of the API: asks union coverage by district (the committed
 * document coverage-by-district.graphql, typed by `npm run codegen`) and prints it.
 *
 *   UAP_API_URL=http://localhost:4000/graphql UAP_API_KEY=<key> npx tsx examples/client/main.ts [year]
 *
 * UAP_API_URL defaults to http://localhost:4000/graphql; UAP_API_KEY may be left out in
 * demo mode. Without a year the server answers for the latest year it holds.
 */
import { CoverageByDistrictDocument, type CoverageByDistrictQueryVariables } from "../../test/generated/graphql.js";
import { coverageTable } from "./coverage-table.js";
import { ClientError, type Endpoint, sendOperation } from "./send-operation.js";

function readYear(argument: string | undefined): number | null {
  if (argument === undefined) return null;
  if (!/^\d{4}$/.test(argument)) throw new ClientError(`the year must be four digits, e.g. 2024 (got "${argument}")`);
  return Number(argument);
}

async function main(): Promise<void> {
  const endpoint: Endpoint = {
    url: process.env.UAP_API_URL || "http://localhost:4000/graphql",
    key: process.env.UAP_API_KEY || null,
  };
  const variables: CoverageByDistrictQueryVariables = { year: readYear(process.argv[2]), minWorkers: 20 };
  const { data, warnings } = await sendOperation(endpoint, CoverageByDistrictDocument, variables);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(`${coverageTable(data.coverage)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ClientError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
