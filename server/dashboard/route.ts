/**
 * The dashboard: a static page (`/`) and its assets (`/assets/…`): our own files in
 * `server/dashboard/assets/`, its GraphQL operations from `examples/dashboard/` (the one
 * folder of every document the project sends, typed by codegen) at `/assets/operations/`,
 * the datasets' names made from core/code-lists.ts (`/assets/datasets.js`),
 * and the charting library (uPlot) served from node_modules, so nothing comes from a CDN. The page reads the public GraphQL API
 * (and `/health` for the data's freshness) from the browser; the server adds nothing.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { DATASETS_ASSET, datasetsModule } from "./datasets-asset.js";

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "assets");
const OPERATIONS_DIR = fileURLToPath(new URL("../../examples/dashboard/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".geojson": "application/geo+json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".graphql": "application/graphql; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** A file served as it is read at start: its bytes, gzip copy, media type and ETag. */
export interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
  readonly type: string;
  readonly etag: string;
}

/** Reads one file to serve (its type from its extension), with an ETag and a gzip copy when worth it. */
export function readAsset(file: string, type: string = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream"): Asset {
  return assetOf(readFileSync(file), type);
}

/** Bytes to serve as an asset of this type. */
export function assetOf(body: Buffer, type: string): Asset {
  const compressible = !type.startsWith("image/png");
  return {
    body,
    type,
    gzipped: compressible && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  };
}

/** Files of the vendored libraries, by their URL under `/assets/vendor/`. */
function vendorFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const uplot = dirname(require.resolve("uplot/package.json"));
  return new Map([
    ["uPlot.esm.js", join(uplot, "dist", "uPlot.esm.js")],
    ["uPlot.min.css", join(uplot, "dist", "uPlot.min.css")],
    ["uPlot.LICENSE.txt", join(uplot, "LICENSE")],
  ]);
}

/**
 * The route's handler: true when it answered (`/`, `/index.html`, `/assets/<path>`, the
 * assets' subfolders included, e.g. the page's view modules at `/assets/views/`), false for
 * any other path, which the caller then answers. The files are read once (a fixed list:
 * no path from the URL ever reaches the file system), each with an ETag and a gzip copy.
 */
export function createDashboardRoute(): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  return serve(loadAssets());
}

/** The files, read (and compressed) once per process: they do not change while it runs. */
let cached: ReadonlyMap<string, Asset> | null = null;

function loadAssets(): ReadonlyMap<string, Asset> {
  if (cached) return cached;
  const assets = new Map<string, Asset>();
  const add = (urlPath: string, file: string) => assets.set(urlPath, readAsset(file));
  const addDir = (dir: string, urlPrefix: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(".")) continue;
      const file = join(dir, name);
      if (statSync(file).isDirectory()) addDir(file, `${urlPrefix}${name}/`);
      else add(`${urlPrefix}${name}`, file);
    }
  };
  addDir(ASSETS_DIR, "/assets/");
  addDir(OPERATIONS_DIR, "/assets/operations/");
  for (const [name, file] of vendorFiles()) add(`/assets/vendor/${name}`, file);
  assets.set(DATASETS_ASSET, assetOf(Buffer.from(datasetsModule()), TYPES[".js"]!));
  const index = assets.get("/assets/index.html");
  if (!index) throw new Error(`the dashboard page is missing: ${join(ASSETS_DIR, "index.html")}`);
  assets.set("/", index);
  assets.set("/index.html", index);
  cached = assets;
  return assets;
}

/** The dashboard page's content security policy: everything from this server, no inline scripts. */
const DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function serve(assets: ReadonlyMap<string, Asset>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const asset = assets.get(url.pathname);
    if (!asset) return false;
    sendAsset(req, res, asset, DASHBOARD_CSP);
    return true;
  };
}

/**
 * Answers GET or HEAD with the asset (304 for its ETag, gzip when the client takes it),
 * 405 for other methods; an HTML page carries the content security policy `csp`.
 */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, csp: string): void {
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ error: "use GET" }));
    return;
  }
  const headers: Record<string, string> = {
    "content-type": asset.type,
    etag: asset.etag,
    "cache-control": "no-cache",
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
  if (asset.type.startsWith("text/html")) headers["content-security-policy"] = csp;
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = asset.gzipped && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? (asset.gzipped as Buffer) : asset.body;
  if (gzip) headers["content-encoding"] = "gzip";
  headers["content-length"] = String(body.length);
  res.writeHead(200, headers);
  res.end(method === "HEAD" ? undefined : body);
}
