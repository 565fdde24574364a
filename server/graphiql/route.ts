/**
 * The GraphQL page: `GET /graphql` from a browser (an HTML request without `query`) is a
 * local GraphiQL, not Apollo's landing page (which loads Apollo Sandbox from a CDN and
 * so fails offline). Everything it loads comes from this server: GraphiQL 3's bundle and
 * CSS and React 18's UMD builds from node_modules, our page script under
 * `/graphiql/`, and the example operations of `examples/` (top level) as JSON, opened as
 * tabs and offered in a picker. The page sends the API key from its key field as
 * `Authorization: Bearer <key>`; it holds no data and needs no key itself.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Asset, assetOf, readAsset, sendAsset } from "../dashboard/route.js";
import { readExamples } from "./examples.js";

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "assets");

/**
 * The page's content security policy: scripts, styles, fonts and requests from this
 * server only (no inline script; inline styles for GraphiQL's editors, data: fonts of
 * its stylesheet).
 */
export const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The libraries' files, by their URL under `/graphiql/vendor/`. */
function vendorFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const dir = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const [graphiql, react, reactDom] = [dir("graphiql"), dir("react"), dir("react-dom")];
  return new Map([
    ["graphiql.min.js", join(graphiql, "graphiql.min.js")],
    ["graphiql.min.css", join(graphiql, "graphiql.min.css")],
    ["graphiql.LICENSE.txt", join(graphiql, "LICENSE")],
    ["react.production.min.js", join(react, "umd", "react.production.min.js")],
    ["react-dom.production.min.js", join(reactDom, "umd", "react-dom.production.min.js")],
    ["react.LICENSE.txt", join(react, "LICENSE")],
  ]);
}

let cached: ReadonlyMap<string, Asset> | null = null;

/** The page, its script and style, the libraries and the examples, read once per process (a fixed list: no URL reaches the file system). */
function loadAssets(): ReadonlyMap<string, Asset> {
  if (cached) return cached;
  const assets = new Map<string, Asset>();
  for (const name of ["index.html", "graphiql-page.js", "graphiql-page.css"]) assets.set(`/graphiql/${name}`, readAsset(join(ASSETS_DIR, name)));
  for (const [name, file] of vendorFiles()) assets.set(`/graphiql/vendor/${name}`, readAsset(file));
  assets.set("/graphiql/examples.json", assetOf(Buffer.from(JSON.stringify(readExamples())), "application/json; charset=utf-8"));
  cached = assets;
  return assets;
}

/**
 * The route's handler: true when it answered (the page at `/graphql` for a browser and at
 * `/graphiql/`, its files under `/graphiql/`), false otherwise, so `/graphql` requests
 * of GraphQL clients go on to the API.
 */
export function createGraphiqlRoute(): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const assets = loadAssets();
  const page = assets.get("/graphiql/index.html") as Asset;
  return async (req, res, url) => {
    if (url.pathname === "/graphql") {
      if (!wantsPage(req, url)) return false;
      sendAsset(req, res, page, GRAPHIQL_CSP);
      return true;
    }
    if (url.pathname === "/graphiql" || url.pathname === "/graphiql/") {
      sendAsset(req, res, page, GRAPHIQL_CSP);
      return true;
    }
    const asset = assets.get(url.pathname);
    if (!asset) return false;
    sendAsset(req, res, asset, GRAPHIQL_CSP);
    return true;
  };
}

/**
 * A browser opening `/graphql`: GET or HEAD, no `query` parameter (a GraphQL GET request
 * has one), and an Accept header that names HTML before any JSON type.
 */
export function wantsPage(req: IncomingMessage, url: URL): boolean {
  const method = (req.method ?? "GET").toUpperCase();
  if ((method !== "GET" && method !== "HEAD") || url.searchParams.has("query")) return false;
  const types = String(req.headers.accept ?? "")
    .split(",")
    .map((part) => part.split(";")[0].trim().toLowerCase());
  const html = types.indexOf("text/html");
  if (html < 0) return false;
  const json = types.findIndex((t) => t === "application/json" || t === "application/graphql-response+json");
  return json < 0 || html < json;
}
