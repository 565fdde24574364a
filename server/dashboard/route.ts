/**
 * The dashboard: a static page (`/`) and its assets (`/assets/…`): our own files in
 * `server/dashboard/assets/`, its GraphQL operations from `examples/dashboard/` (the one
 * folder of every document the project sends, typed by codegen) at `/assets/operations/`,
 * and the charting library (uPlot) served from node_modules, so nothing comes from a CDN. The page reads the public GraphQL API
 * (and `/health` for the data's freshness) from the browser; the server adds nothing.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

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

interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
  readonly type: string;
  readonly etag: string;
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
 * The route's handler: true when it answered (`/`, `/index.html`, `/assets/<file>`),
 * false for any other path, which the caller then answers. The files are read once
 * (a fixed list: no path from the URL ever reaches the file system), each with an ETag
 * and a gzip copy.
 */
export function createDashboardRoute(): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  return serve(loadAssets());
}

/** The files, read (and compressed) once per process: they do not change while it runs. */
let cached: ReadonlyMap<string, Asset> | null = null;

function loadAssets(): ReadonlyMap<string, Asset> {
  if (cached) return cached;
  const assets = new Map<string, Asset>();
  const add = (urlPath: string, file: string) => {
    const body = readFileSync(file);
    const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    const compressible = !type.startsWith("image/png");
    assets.set(urlPath, {
      body,
      type,
      gzipped: compressible && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    });
  };
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
  const index = assets.get("/assets/index.html");
  if (!index) throw new Error(`the dashboard page is missing: ${join(ASSETS_DIR, "index.html")}`);
  assets.set("/", index);
  assets.set("/index.html", index);
  cached = assets;
  return assets;
}

function serve(assets: ReadonlyMap<string, Asset>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const asset = assets.get(url.pathname);
    if (!asset) return false;
    const method = (req.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: "use GET" }));
      return true;
    }
    const headers: Record<string, string> = {
      "content-type": asset.type,
      etag: asset.etag,
      "cache-control": "no-cache",
      vary: "accept-encoding",
      "x-content-type-options": "nosniff",
    };
    if (asset.type.startsWith("text/html")) {
      headers["content-security-policy"] =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }
    if (req.headers["if-none-match"] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = asset.gzipped && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? (asset.gzipped as Buffer) : asset.body;
    if (gzip) headers["content-encoding"] = "gzip";
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(method === "HEAD" ? undefined : body);
    return true;
  };
}
