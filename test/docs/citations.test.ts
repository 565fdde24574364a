import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

/**
 * Every Markdown file the code cites is in the repo, and every section it names exists:
 * code cites the spec as `docs/DOMAIN.md § Coverage rate` or `docs/DOMAIN.md#coverage-rate`.
 * The original brief outside the repo (the sibling `shared` folder) is never cited.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SKIPPED_DIRS = new Set(["node_modules", "data", ".data", ".artifacts", "results"]);
const CODE = /\.(ts|sql|js|graphql)$/;
/** How a file would cite the original brief outside the repo (built here so this file does not match it). */
const BRIEF = ["..", "shared"].join("/");

/** `.md` names in code that are not citations, with the reason. */
const NOT_CITATIONS: readonly { readonly file: RegExp; readonly name: string }[] = [
  { file: /^bench\//, name: "results.md" }, // the file the bench writes
  { file: /^test\/dashboard\/assets\.test\.ts$/, name: "ATTRIBUTION.md" }, // joined onto the assets folder
];

function walk(dir: string, keep: (path: string) => boolean, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || SKIPPED_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, found);
    else if (keep(path)) found.push(path);
  }
  return found;
}

// This file names citations as examples; it is the scanner, not a citing file.
const codeFiles = walk(ROOT, (p) => CODE.test(p) && p !== fileURLToPath(import.meta.url));
const markdownFiles = walk(ROOT, (p) => p.endsWith(".md"));

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function headingsOf(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, "").trim());
}

/** A cited path resolves from the repo root, or from the citing file's folder or one of its parents. */
function resolveCitation(from: string, cited: string): string | undefined {
  let dir = dirname(from);
  for (;;) {
    const candidate = resolve(dir, cited);
    if (existsSync(candidate)) return candidate;
    if (dir === ROOT || !dir.startsWith(ROOT)) break;
    dir = dirname(dir);
  }
  return undefined;
}

interface Citation {
  readonly file: string;
  readonly line: number;
  readonly cited: string;
  /** `#anchor` or the text after `§ ` (the rest of the line). */
  readonly anchor?: string;
  readonly section?: string;
}

function citationsIn(file: string): Citation[] {
  const rel = relative(ROOT, file);
  const found: Citation[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      for (const m of text.matchAll(/([\w/.-]*\w\.md)(#[\w-]+)?(?:\s*§\s*(.*))?/g)) {
        if (NOT_CITATIONS.some((n) => n.file.test(rel) && n.name === m[1])) continue;
        found.push({ file: rel, line: i + 1, cited: m[1], anchor: m[2]?.slice(1), section: m[3] });
      }
    });
  return found;
}

const citations = codeFiles.flatMap(citationsIn);

describe("citations in code", () => {
  test("code cites the spec (a sanity check that the scan finds citations)", () => {
    expect(citations.filter((c) => c.cited === "docs/DOMAIN.md").length).toBeGreaterThan(20);
    expect(citations.filter((c) => c.cited === "docs/SOURCES.md").length).toBeGreaterThan(5);
  });

  test("every cited .md file is in the repo", () => {
    const missing = citations.filter((c) => resolveCitation(join(ROOT, c.file), c.cited) === undefined);
    expect(missing.map((c) => `${c.file}:${c.line} cites ${c.cited}`)).toEqual([]);
  });

  test("every cited section (§ Heading or #anchor) exists in the cited file", () => {
    const broken: string[] = [];
    for (const c of citations) {
      const target = resolveCitation(join(ROOT, c.file), c.cited);
      if (!target || (c.anchor === undefined && c.section === undefined)) continue;
      const headings = headingsOf(target);
      if (c.anchor !== undefined && !headings.some((h) => slug(h) === c.anchor)) broken.push(`${c.file}:${c.line} ${c.cited}#${c.anchor}`);
      if (c.section !== undefined) {
        // The heading is the longest heading text the citation starts with, ending at a word boundary.
        const text = c.section.toLowerCase();
        const named = headings.some((h) => text.startsWith(h.toLowerCase()) && !/[\p{L}\p{N}]/u.test(text.charAt(h.length)));
        if (!named) broken.push(`${c.file}:${c.line} ${c.cited} § ${c.section}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the scan recognises both forms and rejects an unknown section", () => {
    const domain = join(ROOT, "docs/DOMAIN.md");
    const headings = headingsOf(domain);
    expect(headings).toContain("Coverage rate");
    expect(headings.map(slug)).toContain("coverage-rate");
    expect(headings.map(slug)).not.toContain("coverage-rates");
    expect(resolveCitation(join(ROOT, "queries/coverage.ts"), "docs/DOMAIN.md")).toBe(domain);
    expect(resolveCitation(join(ROOT, "queries/coverage.ts"), "DOMAIN.md")).toBeUndefined();
  });
});

describe("links in the repo's Markdown", () => {
  test("no file cites the brief outside the repo (the sibling shared folder)", () => {
    const outside = [...codeFiles, ...markdownFiles].filter((f) => readFileSync(f, "utf8").includes(BRIEF));
    expect(outside.map((f) => relative(ROOT, f))).toEqual([]);
  });

  test("every relative link of a Markdown file resolves, and its #anchor names a heading", () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      for (const m of readFileSync(file, "utf8").matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1];
        if (/^[a-z]+:/i.test(link)) continue;
        const [path, anchor] = link.split("#");
        const target = path ? resolve(dirname(file), path) : file;
        if (!existsSync(target)) broken.push(`${relative(ROOT, file)} → ${link}`);
        else if (anchor && target.endsWith(".md") && !headingsOf(target).some((h) => slug(h) === anchor)) broken.push(`${relative(ROOT, file)} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
