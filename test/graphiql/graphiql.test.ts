/**
 * The GraphQL page works offline: `/graphql` opened in a browser is GraphiQL served by
 * this server (no CDN, no Apollo Sandbox), under a content security policy without inline
 * scripts, with the analysts' example operations (examples/*.graphql) as tabs and in a
 * picker, and an API key field whose key goes out as `Authorization: Bearer <key>`.
 * The browser part runs headless Chromium with every request off this server refused
 * (the network cut), and checks an example's answer against the tiny warehouse's
 * hand-known figures (test/api/coverage.test.ts: 2024, 24 units in scope, 13 unionised).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import { artifactsDir, browserTestsRequired, CHROMIUM_MISSING, findChromium, launchChromium } from "../dashboard/browser.js";

const REPO = join(import.meta.dirname, "../..");
const EXAMPLES = readdirSync(join(REPO, "examples"), { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".graphql"))
  .map((e) => e.name)
  .sort();
/** The operation name of each example file, read here with a plain pattern. */
const OPERATION_NAMES = EXAMPLES.map((file) => /^query (\w+)/m.exec(readFileSync(join(REPO, "examples", file), "utf8"))?.[1]);
const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

describe("what the server answers", () => {
  test("GET /graphql from a browser is the local GraphiQL page: no CDN, no Apollo Sandbox, a CSP without inline scripts", async () => {
    const response = await fetch(api.graphqlUrl, { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self';/); // no 'unsafe-inline', no other origin
    expect(csp).toMatch(/connect-src 'self'/);
    const html = await response.text();
    expect(html).not.toMatch(/apollographql|embeddable-sandbox|cdn\./i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//); // every script and stylesheet from this server
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining([
        "/graphiql/vendor/react.production.min.js",
        "/graphiql/vendor/react-dom.production.min.js",
        "/graphiql/vendor/graphiql.min.js",
        "/graphiql/vendor/graphiql.min.css",
        "/graphiql/graphiql-page.js",
      ]),
    );
    for (const asset of assets) expect((await fetch(`${api.url}${asset.slice(1)}`)).status, asset).toBe(200);
    const bundle = await (await fetch(`${api.url}graphiql/vendor/graphiql.min.js`)).text();
    expect(bundle).toMatch(/\.GraphiQL=/); // GraphiQL's UMD bundle, from node_modules
  });

  test("GraphQL clients still reach the API at /graphql (GET with a query, POST, JSON accept)", async () => {
    const get = await fetch(`${api.graphqlUrl}?query=${encodeURIComponent("{ coverage(year: 2024) { total { units } } }")}`, {
      headers: { accept: "application/graphql-response+json, application/json, text/html", "apollo-require-preflight": "true" },
    });
    expect(((await get.json()) as { data: unknown }).data).toEqual({ coverage: { total: { units: 24 } } });
    const jsonFirst = await fetch(api.graphqlUrl, { headers: { accept: "application/json, text/html" } });
    expect(jsonFirst.headers.get("content-type")).not.toMatch(/text\/html/);
    const post = await api.client.requestText<{ coverage: { total: { unionisedUnits: number } } }>("{ coverage(year: 2024) { total { unionisedUnits } } }");
    expect(post.data?.coverage.total.unionisedUnits).toBe(13);
  });

  test("the examples: every top-level examples/*.graphql with its operation name and the variables its comment gives", async () => {
    const examples = (await (await fetch(`${api.url}graphiql/examples.json`)).json()) as {
      file: string;
      name: string;
      description: string;
      query: string;
      variables: string | null;
    }[];
    expect(examples.map((e) => e.file)).toEqual(EXAMPLES);
    expect(examples.map((e) => e.name)).toEqual(OPERATION_NAMES);
    expect(examples.length).toBeGreaterThanOrEqual(15);
    const byFile = Object.fromEntries(examples.map((e) => [e.file, e]));
    expect(JSON.parse(byFile["program-scorecard.graphql"].variables ?? "null")).toEqual({ year: 2025 });
    expect(JSON.parse(byFile["fee-gaps-largest-first.graphql"].variables ?? "null")).toEqual({ from: "2024-01-01", to: "2024-12-31", first: 3 });
    expect(JSON.parse(byFile["recruitment-plan-20-units.graphql"].variables ?? "null")).toEqual({ units: 20 });
    expect(byFile["coverage-by-district-and-sector.graphql"].variables).toBeNull();
    expect(byFile["coverage-by-district-and-sector.graphql"].description).toMatch(/^Union coverage of the units with 20 or more workers in 2024/);
    expect(byFile["uncovered-in-district.graphql"].query).toBe(readFileSync(join(REPO, "examples/uncovered-in-district.graphql"), "utf8"));
  });
});

const chromiumPath = findChromium();
if (!chromiumPath && browserTestsRequired()) {
  test("CI=true: the GraphQL page's browser tests run (Chromium is required)", () => {
    throw new Error(`CI=true and the GraphQL page's browser tests cannot run: ${CHROMIUM_MISSING}`);
  });
} else if (!chromiumPath) test.skip(`skipped: ${CHROMIUM_MISSING}`, () => {});

/** The browser globals the page callbacks use (this project compiles without the DOM library). */
interface InBrowser {
  readonly document: { readonly body: { readonly dataset: { readonly state?: string } } };
}

describe.skipIf(chromiumPath === null)("the GraphQL page in headless Chromium with the network cut", () => {
  let secured: RunningApi;
  let browser: Browser;
  beforeAll(async () => {
    // no demo mode: the API wants a key, and introspection only with one
    secured = await startApi({ security: { demoMode: false, allowIntrospection: true } });
    browser = await launchChromium(chromiumPath as string);
  });
  afterAll(async () => {
    await browser?.close();
    await secured?.close();
  });

  /** A page whose requests off this server are refused and recorded; its console errors (CSP violations among them) recorded. */
  async function offlinePage(): Promise<{ page: Page; offServer: string[]; errors: string[]; authorizations: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const offServer: string[] = [];
    const errors: string[] = [];
    const authorizations: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(secured.url) || url.startsWith("data:")) return route.continue();
      offServer.push(url);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      // a refused request shows as a console error too; those are the API's 401 answers to the page before it has a key
      if (message.type() === "error" && !/status of 401/.test(message.text())) errors.push(message.text());
    });
    page.on("request", (request) => {
      if (request.url() === secured.graphqlUrl && request.method() === "POST") authorizations.push(request.headers().authorization ?? "none");
    });
    return { page, offServer, errors, authorizations, close: () => context.close() };
  }

  /** The text of GraphiQL's response pane (a CodeMirror editor). */
  function responseText(page: Page): Promise<string> {
    return page.$eval(".result-window .CodeMirror", (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  }

  /** The schema request GraphiQL sends when it is mounted (again): with this Authorization header when given. */
  function schemaRequest(page: Page, authorization?: string) {
    return page.waitForResponse(
      (r) =>
        r.url() === secured.graphqlUrl &&
        (r.request().postData() ?? "").includes("__schema") &&
        (authorization === undefined || r.request().headers().authorization === authorization),
      { timeout: 30_000 },
    );
  }

  /** Waits until GraphiQL (mounted again by the picker) shows the operation's tab as the active one, its editor ready. */
  async function activeTab(page: Page, operationName: string): Promise<void> {
    await page.waitForFunction(
      (name) => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document;
        return (doc.querySelector(".graphiql-tab-active")?.textContent ?? "").includes(name) && doc.querySelector(".graphiql-execute-button") !== null;
      },
      operationName,
      { timeout: 30_000 },
    );
  }

  /** Runs the active tab (GraphiQL's run button) and returns the answer once the response pane shows it. */
  async function run(page: Page, operationName: string): Promise<Record<string, unknown>> {
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.url() === secured.graphqlUrl && r.request().method() === "POST" && (r.request().postData() ?? "").includes(`"operationName":"${operationName}"`),
      ),
      page.click(".graphiql-execute-button"),
    ]);
    const answer = (await response.json()) as Record<string, unknown>;
    await page.waitForFunction(
      (expected) => {
        const el = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(".result-window .CodeMirror") as {
          CodeMirror?: { getValue(): string };
        } | null;
        try {
          return JSON.stringify(JSON.parse(el?.CodeMirror?.getValue() ?? "")) === expected;
        } catch {
          return false;
        }
      },
      JSON.stringify(answer),
      { timeout: 30_000 },
    );
    return JSON.parse(await responseText(page)) as Record<string, unknown>;
  }

  test("GraphiQL loads from this server alone, the examples as tabs; a picked example runs with the key as a Bearer token", async () => {
    const { page, offServer, errors, authorizations, close } = await offlinePage();
    try {
      await page.goto(secured.graphqlUrl);
      await page.waitForFunction(() => (globalThis as unknown as InBrowser).document.body.dataset.state === "ready", null, { timeout: 30_000 });
      await page.waitForSelector(".graphiql-container .graphiql-execute-button");
      // the examples, one tab each, titled by their operation
      const tabs = await page.$$eval(".graphiql-tab", (els) => els.map((el) => (el.textContent ?? "").replace(/\s*icon\s*$/, "").trim()));
      expect(tabs).toEqual(OPERATION_NAMES);
      const picker = await page.$$eval("#example-picker option", (options) => options.map((o) => o.getAttribute("value")).filter(Boolean));
      expect(picker).toEqual(EXAMPLES);

      // without a key the API refuses, and the page says where the key goes
      await Promise.all([schemaRequest(page), page.selectOption("#example-picker", "coverage-by-district-and-sector.graphql")]);
      await activeTab(page, "CoverageByDistrictAndSector");
      const refused = await run(page, "CoverageByDistrictAndSector");
      expect((refused.errors as { extensions: { code: string } }[])[0].extensions.code).toBe("UNAUTHENTICATED");
      expect(await page.textContent("#banner")).toContain("Khóa truy cập API");

      // with the key: the tiny warehouse's 2024 total (24 units in scope, 13 with a union, 3,760 workers, 1,770 members)
      const { token } = secured.app.security.keys.create({ role: "ANALYST", scope: { kind: "PROVINCE" }, name: "graphiql test" });
      await page.fill("#api-key", token);
      // saving the key mounts GraphiQL again, which reads the schema with the key
      await Promise.all([schemaRequest(page, `Bearer ${token}`), page.click('#key-form button[type="submit"]')]);
      await activeTab(page, "CoverageByDistrictAndSector");
      const answer = (await run(page, "CoverageByDistrictAndSector")) as { data: { coverage: { year: number; total: Record<string, unknown> } } };
      expect(answer.data.coverage.year).toBe(2024);
      expect(answer.data.coverage.total).toMatchObject({ units: 24, unionisedUnits: 13, workers: 3760, members: 1770 });
      expect(authorizations).toContain(`Bearer ${token}`);
      expect(await page.isHidden("#banner")).toBe(true);
      await page.screenshot({ path: join(artifactsDir(), "graphiql.png") });

      // the key is kept for the next visit (and shared with the dashboard, same origin)
      await page.reload();
      await page.waitForFunction(() => (globalThis as unknown as InBrowser).document.body.dataset.state === "ready");
      expect(await page.inputValue("#api-key")).toBe(token);

      expect(offServer).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
