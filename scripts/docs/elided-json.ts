/**
 * A README example answer against the API's answer, honouring the README's elisions:
 *
 * - `"…"` as an item of a list stands for any number of items (none included). Items
 *   before the first `"…"` are the list's first items, items after the last `"…"` its last;
 *   an item between two `"…"` is found by its identifying fields (`year`, `keys`,
 *   `periodStart`, `dataset`, `method`, …), so "two rows of the middle" stay those rows.
 * - `"…": "…"` as a member of an object stands for the members not shown.
 * - `"…"` as the value of a member stands for whatever value the API gives there.
 *
 * `diffElided` lists the differences (for the test); `refillElided` writes the API's
 * values into the README's own layout (for `npm run docs`).
 */
import { type JsonNode, parseJsonTree, plainValue } from "./json-source-tree.js";

export const ELISION = "…";

/** Fields that identify an item shown between two elisions, in the order they are tried. */
export const IDENTITY_FIELDS = ["year", "periodStart", "period", "keys", "dataset", "method", "reasonCode", "targetId", "metric"] as const;

export class ElisionError extends Error {
  override name = "ElisionError";
}

const isElision = (node: JsonNode) => node.kind === "scalar" && node.value === ELISION;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

/** Deep equality of plain JSON values; numbers equal within 1e-12 relative (the last digit a platform may print differently). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? "nothing" : text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/**
 * For each item of a README list, the index of the API's item it shows (null for `"…"`).
 * Without elisions the items pair by position (the caller compares the lengths).
 */
export function alignItems(items: readonly JsonNode[], actual: readonly unknown[], path: string): (number | null)[] {
  const elided = items.map(isElision);
  const first = elided.indexOf(true);
  if (first < 0) return items.map((_, i) => i);
  const last = elided.lastIndexOf(true);
  const tail = items.length - 1 - last;
  const shown = elided.filter((e) => !e).length;
  if (shown > actual.length)
    throw new ElisionError(`${path}: the README shows ${shown} items of this list, the API answers ${actual.length}; show fewer, or none with "…"`);
  const tailStart = actual.length - tail;
  let cursor = first;
  return items.map((item, i) => {
    if (elided[i]) return null;
    if (i < first) return i;
    if (i > last) return tailStart + (i - last - 1);
    // between two elisions: found by its identifying fields
    const fields = item.kind === "object" ? IDENTITY_FIELDS.filter((f) => item.members.some((m) => m.key === f)) : [];
    if (!fields.length)
      throw new ElisionError(
        `${path}[${i}]: an item between two "…" needs one of the fields ${IDENTITY_FIELDS.join(", ")} so that it can be found in the API's answer`,
      );
    const wanted = Object.fromEntries(
      fields.map((f) => [f, plainValue((item as Extract<JsonNode, { kind: "object" }>).members.find((m) => m.key === f)!.value)]),
    );
    for (let k = cursor; k < tailStart; k++) {
      const candidate = actual[k];
      if (isObject(candidate) && fields.every((f) => sameJson(candidate[f], wanted[f]))) {
        cursor = k + 1;
        return k;
      }
    }
    throw new ElisionError(
      `${path}[${i}]: the README shows the item with ${show(wanted)}, which the API's answer does not hold (after the items shown before it); pick another item in README.md`,
    );
  });
}

/** The differences between a README example (parsed with its elisions) and the API's answer; empty when the README is right. */
export function diffElided(node: JsonNode, actual: unknown, path = "$"): string[] {
  const out: string[] = [];
  walk(node, actual, path);
  return out;

  function walk(node: JsonNode, actual: unknown, path: string): void {
    if (isElision(node)) return;
    if (node.kind === "scalar") {
      if (!sameJson(node.value, actual)) out.push(`${path}: README ${show(node.value)}, API ${show(actual)}`);
      return;
    }
    if (node.kind === "array") {
      if (!Array.isArray(actual)) {
        out.push(`${path}: README a list, API ${show(actual)}`);
        return;
      }
      let aligned: (number | null)[];
      try {
        aligned = alignItems(node.items, actual, path);
      } catch (error) {
        if (!(error instanceof ElisionError)) throw error;
        out.push(error.message);
        return;
      }
      if (!node.items.some(isElision) && node.items.length !== actual.length)
        out.push(`${path}: README ${node.items.length} items, API ${actual.length} (mark the items not shown with "…")`);
      node.items.forEach((item, i) => {
        const at = aligned[i];
        if (at !== null && at < actual.length) walk(item, actual[at], `${path}[${at}]`);
      });
      return;
    }
    if (!isObject(actual)) {
      out.push(`${path}: README an object, API ${show(actual)}`);
      return;
    }
    const rest = node.members.some((m) => m.key === ELISION);
    for (const member of node.members) {
      if (member.key === ELISION) continue;
      if (!(member.key in actual)) out.push(`${path}.${member.key}: in the README, not in the API's answer`);
      else walk(member.value, actual[member.key], `${path}.${member.key}`);
    }
    if (!rest)
      for (const key of Object.keys(actual))
        if (!node.members.some((m) => m.key === key))
          out.push(`${path}.${key}: in the API's answer (${show(actual[key])}), not in the README (add it, or end the object with "…": "…")`);
  }
}

/**
 * The README example `text` with the API's values written into its layout: values
 * replaced where they stand, lists grown or shrunk after the pattern of their items,
 * members added or dropped as the answer has them, elisions kept.
 */
export function refillElided(text: string, actual: unknown): string {
  const root = parseJsonTree(text);
  const compact = (text.match(/\{"/g)?.length ?? 0) > (text.match(/\{ "/g)?.length ?? 0);
  const out = text.slice(0, root.start) + render(root, actual, "$") + text.slice(root.end);
  const problems = diffElided(parseJsonTree(out), actual);
  if (problems.length) throw new ElisionError(`refilling the README example left differences (a bug of scripts/docs):\n${problems.join("\n")}`);
  return out;

  function render(node: JsonNode, actual: unknown, path: string): string {
    if (isElision(node)) return text.slice(node.start, node.end);
    if (node.kind === "scalar") return isScalar(actual) ? JSON.stringify(actual) : fresh(actual);
    if (node.kind === "array") {
      if (!Array.isArray(actual)) return fresh(actual);
      const items = node.items;
      if (!items.length) return actual.length ? fresh(actual) : text.slice(node.start, node.end);
      const opening = text.slice(node.start, items[0].start);
      const closing = text.slice(items[items.length - 1].end, node.end);
      const seps = items.slice(1).map((item, i) => text.slice(items[i].end, item.start));
      const sep = (i: number) => seps[Math.min(i, seps.length - 1)] ?? `,${opening.slice(1) || " "}`;
      if (items.some(isElision)) {
        const aligned = alignItems(items, actual, path);
        const pieces = items.map((item, i) => {
          const at = aligned[i];
          return at === null ? text.slice(item.start, item.end) : render(item, actual[at], `${path}[${at}]`);
        });
        return opening + pieces.map((p, i) => (i ? sep(i - 1) + p : p)).join("") + closing;
      }
      if (!actual.length) return "[]";
      const pieces = actual.map((value, i) => render(items[Math.min(i, items.length - 1)], value, `${path}[${i}]`));
      return opening + pieces.map((p, i) => (i ? sep(i - 1) + p : p)).join("") + closing;
    }
    if (!isObject(actual)) return fresh(actual);
    const members = node.members;
    if (!members.length) return Object.keys(actual).length ? fresh(actual) : text.slice(node.start, node.end);
    const opening = text.slice(node.start, members[0].start);
    const closing = text.slice(members[members.length - 1].value.end, node.end);
    const seps = members.slice(1).map((m, i) => text.slice(members[i].value.end, m.start));
    const sep = (i: number) => seps[Math.min(i, seps.length - 1)] ?? ", ";
    const colon = text.slice(members[0].start, members[0].value.start).replace(/^"(?:[^"\\]|\\.)*"/, "");
    const rest = members.find((m) => m.key === ELISION);
    const pieces: string[] = [];
    for (const key of Object.keys(actual)) {
      const member = members.find((m) => m.key === key);
      if (member) pieces.push(text.slice(member.start, member.value.start) + render(member.value, actual[key], `${path}.${key}`));
      else if (!rest) pieces.push(JSON.stringify(key) + colon + fresh(actual[key]));
    }
    if (rest) pieces.push(text.slice(rest.start, rest.value.end));
    return opening + pieces.map((p, i) => (i ? sep(i - 1) + p : p)).join("") + closing;
  }

  /** A value the README has no pattern for, on one line in the block's style. */
  function fresh(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(fresh).join(", ")}]`;
    if (isObject(value)) {
      const inner = Object.entries(value)
        .map(([k, v]) => `${JSON.stringify(k)}: ${fresh(v)}`)
        .join(", ");
      return inner ? (compact ? `{${inner}}` : `{ ${inner} }`) : "{}";
    }
    return JSON.stringify(value) ?? "null";
  }
}
