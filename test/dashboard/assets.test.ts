/**
 * The dashboard's static side, without a browser: what the server serves, that the
 * derived assets are current, and that the page's GraphQL operations are valid
 * against the API schema.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { type DocumentNode, parse, validate } from "graphql/index.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DATASET_LIST } from "../../core/code-lists.js";
import { buildApiSchema } from "../../schema/build-schema.js";
import { ASSET_PATH, communeDistrictsJson } from "../../server/dashboard/commune-districts.js";
import { DATASETS_ASSET } from "../../server/dashboard/datasets-asset.js";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";

const ASSETS = join(import.meta.dirname, "../../server/dashboard/assets");
/** The page's GraphQL documents: examples/dashboard/, in the one folder of every document (codegen types them). */
const OPERATIONS = join(import.meta.dirname, "../../examples/dashboard");

let api: RunningApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

describe("what the server serves", () => {
  test("GET / is the Vietnamese page, with a content security policy", async () => {
    const response = await fetch(api.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    const html = await response.text();
    expect(html).toMatch(/<html lang="vi">/);
    for (const title of ["Tỷ lệ doanh nghiệp có công đoàn cơ sở", "Phát triển đoàn viên", "Thu kinh phí công đoàn", "Doanh nghiệp chưa có công đoàn"])
      expect(html).toContain(title);
    // no CDN: every script and stylesheet comes from this server
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test("assets: our files and uPlot from node_modules, with ETag (304) and gzip", async () => {
    const app = await fetch(`${api.url}assets/app.js`);
    expect(app.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const etag = app.headers.get("etag") as string;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${api.url}assets/app.js`, { headers: { "if-none-match": etag } })).status).toBe(304);

    // a view module, from the assets' views/ subfolder: the same headers
    const view = await fetch(`${api.url}assets/views/coverage-view.js`);
    expect(view.status).toBe(200);
    expect(view.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await view.text()).toBe(readFileSync(join(ASSETS, "views/coverage-view.js"), "utf8"));
    const viewEtag = view.headers.get("etag") as string;
    expect(viewEtag).toMatch(/^".+"$/);
    expect(viewEtag).not.toBe(etag);
    expect((await fetch(`${api.url}assets/views/coverage-view.js`, { headers: { "if-none-match": viewEtag } })).status).toBe(304);

    const uplot = await fetch(`${api.url}assets/vendor/uPlot.esm.js`);
    expect(uplot.status).toBe(200);
    expect(await uplot.text()).toContain("export { uPlot as default }");
    expect((await fetch(`${api.url}assets/vendor/uPlot.min.css`)).status).toBe(200);

    // node's fetch decompresses; ask over plain http to see the encoding
    const { request } = await import("node:http");
    const gz = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${api.url}assets/quang_tri_communes_2025.geojson`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
    expect(gz.encoding).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.body).toString("utf8")).features).toHaveLength(78);
  });

  test("every module the page loads is served (app.js, its views in views/, the shared modules, uPlot), and exports what is imported from it", async () => {
    const page = await (await fetch(api.url)).text();
    const entry = /<script type="module" src="([^"]+)"><\/script>/.exec(page)?.[1];
    expect(entry).toBe("/assets/app.js");
    const seen = new Map<string, string>(); // URL path → source
    const imports: { from: string; target: string; name: string }[] = [];
    const queue = [entry as string];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      const response = await fetch(new URL(path, api.url));
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe("text/javascript; charset=utf-8");
      const source = await response.text();
      seen.set(path, source);
      for (const [, names, from] of source.matchAll(/^import\s+(?:\{([^}]*)\}|\w+)\s+from\s+"([^"]+)";/gm)) {
        const target = new URL(from, new URL(path, api.url)).pathname;
        queue.push(target);
        for (const name of (names ?? "").split(",")) if (name.trim()) imports.push({ from: path, target, name: name.trim() });
      }
    }
    for (const { from, target, name } of imports) {
      const exported = new RegExp(`^export (?:async function|function|const|let|class) ${name.replace("$", "\\$")}[ (=]`, "m");
      expect(seen.get(target), `${from} imports ${name} from ${target}`).toMatch(exported);
    }
    const views = [...seen.keys()].filter((p) => p.startsWith("/assets/views/")).sort();
    expect(views).toEqual([
      "/assets/views/coverage-view.js",
      "/assets/views/finance-view.js",
      "/assets/views/membership-view.js",
      "/assets/views/panel.js",
      "/assets/views/scorecard-view.js",
      "/assets/views/uncovered-view.js",
    ]);
    for (const shared of ["/assets/api.js", "/assets/charts.js", "/assets/format.js", "/assets/map.js", "/assets/vendor/uPlot.esm.js"])
      expect(seen.has(shared), shared).toBe(true);
    expect(seen.has(DATASETS_ASSET), DATASETS_ASSET).toBe(true);
    // every module on disk is one the page loads (no file left behind by a split); the datasets' module is made by the server
    const onDisk = readdirSync(ASSETS, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".js"))
      .map((f) => `/assets/${f.split(sep).join("/")}`)
      .sort();
    expect(onDisk).toEqual([...seen.keys()].filter((p) => !p.startsWith("/assets/vendor/") && p !== DATASETS_ASSET).sort());
  });

  test("the page's operations are served from examples/dashboard/ itself (no copy among the assets)", async () => {
    const files = readdirSync(OPERATIONS).filter((f) => f.endsWith(".graphql"));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const response = await fetch(`${api.url}assets/operations/${file}`);
      expect(response.headers.get("content-type"), file).toBe("application/graphql; charset=utf-8");
      expect(await response.text(), file).toBe(readFileSync(join(OPERATIONS, file), "utf8"));
    }
    expect(existsSync(join(ASSETS, "operations"))).toBe(false);
    expect((await fetch(`${api.url}assets/operations/coverage.graphql`)).status).toBe(404); // a test's document, not the page's
  });

  test("only the listed files: other paths fall through to the API's 404, and no path reaches the file system", async () => {
    for (const path of ["assets/../route.ts", "assets/%2e%2e/route.ts", "assets/nothing.js", "server/dashboard/route.ts", "nothing-here"]) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status, path).toBe(404);
    }
    expect((await fetch(`${api.url}assets/app.js`, { method: "POST" })).status).toBe(405);
  });
});

describe("assets derived from the reference data", () => {
  test("the page's dataset names are core/code-lists.ts's, every dataset named (/assets/datasets.js, made by the server)", async () => {
    expect(existsSync(join(ASSETS, "datasets.js"))).toBe(false);
    const source = await (await fetch(new URL(DATASETS_ASSET, api.url))).text();
    const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as Record<string, Record<string, string>>;
    expect(Object.keys(module.DATASETS)).toEqual(DATASET_LIST.map((d) => d.id));
    expect(module.DATASETS.tax_enterprises).toBe("Thuế (đăng ký doanh nghiệp)");
    expect(module.SOURCE_SHORT.si_contributions).toBe("BHXH");
    expect(module.SOURCE_SHORT).toEqual(Object.fromEntries(DATASET_LIST.map((d) => [d.id, d.short])));
    // no static module keeps its own list of datasets
    for (const file of readdirSync(ASSETS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js")))
      expect(readFileSync(join(ASSETS, file), "utf8"), file).not.toMatch(/^\s*(union_finance|labour_collective_agreements):/m);
  });

  test("the map is the reference GeoJSON, with its attribution", () => {
    const copy = readFileSync(join(ASSETS, "quang_tri_communes_2025.geojson"));
    const reference = readFileSync(join(import.meta.dirname, "../../etl/reference/quang_tri_communes_2025.geojson"));
    expect(copy.equals(reference)).toBe(true);
    expect(readFileSync(join(ASSETS, "ATTRIBUTION.md"), "utf8")).toMatch(/MIT, © 2021 Thang Le Quoc/);
  });

  test("commune-districts.json is current (regenerate: npx tsx server/dashboard/commune-districts.ts)", () => {
    expect(readFileSync(ASSET_PATH, "utf8")).toBe(communeDistrictsJson());
    const { communes } = JSON.parse(readFileSync(ASSET_PATH, "utf8")) as { communes: Record<string, { districts: { code: string }[] }> };
    const features = (JSON.parse(readFileSync(join(ASSETS, "quang_tri_communes_2025.geojson"), "utf8")) as { features: { properties: { code: string } }[] })
      .features;
    // every commune of the map knows its old district(s), Cồn Cỏ (no communes before 2025) included
    for (const f of features) expect(communes[f.properties.code]?.districts.length, f.properties.code).toBeGreaterThan(0);
    expect(communes["19742"].districts[0].code).toBe("471");
  });
});

test("the page's operations are valid GraphQL against the API schema (allow-listable documents)", async () => {
  const schema = await buildApiSchema();
  const dir = OPERATIONS;
  const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
  const app = readFileSync(join(ASSETS, "app.js"), "utf8");
  const modules = readdirSync(ASSETS, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(ASSETS, f), "utf8"));
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const file of files) {
    const document: DocumentNode = parse(readFileSync(join(dir, file), "utf8"));
    expect(
      validate(schema, document).map((e) => e.message),
      file,
    ).toEqual([]);
    const name = file.replace(/\.graphql$/, "");
    expect(
      document.definitions.some((d) => d.kind === "OperationDefinition" && d.name?.value === name),
      file,
    ).toBe(true);
    expect(app, `app.js loads ${name}`).toContain(`"${name}"`);
    expect(
      modules.some((source) => source.includes(`op("${name}"`)),
      `a module of the page (app.js or a view in views/) runs ${name}`,
    ).toBe(true);
  }
});
