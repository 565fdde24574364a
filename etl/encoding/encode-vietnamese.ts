import { LEGACY_BYTE_TABLES } from "./decode-vietnamese.js";
import type { DetectedEncoding, LegacyEncoding } from "./encoding-names.js";
import { VNI_LETTER_BYTES, VNI_MODIFIERS } from "./vni-table.js";

type ByteTable = readonly string[];
type EncodeMap = ReadonlyMap<string, readonly number[]>;

/** Throws a RangeError for a character the target encoding cannot represent. */
export function encodeVietnamese(text: string, enc: DetectedEncoding): Buffer {
  if (enc === "utf-8") return Buffer.from(text.normalize("NFC"), "utf8");
  if (enc === "utf-8-nfd") return Buffer.from(text.normalize("NFD"), "utf8");
  return encodeWithMap(text.normalize("NFC"), encodeMapFor(enc), enc);
}

function encodeWithMap(text: string, map: EncodeMap, enc: LegacyEncoding): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const sequence = map.get(ch);
    if (sequence === undefined) throw new RangeError(`Cannot encode ${describeChar(ch)} as ${enc}`);
    bytes.push(...sequence);
  }
  return Buffer.from(bytes);
}

function describeChar(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `"${ch}" (U+${hex})`;
}

const ENCODE_MAPS = new Map<LegacyEncoding, EncodeMap>();

function encodeMapFor(enc: LegacyEncoding): EncodeMap {
  let map = ENCODE_MAPS.get(enc);
  if (map === undefined) {
    map = enc === "vni" ? buildVniEncodeMap(LEGACY_BYTE_TABLES.vni) : buildSingleByteEncodeMap(LEGACY_BYTE_TABLES[enc]);
    ENCODE_MAPS.set(enc, map);
  }
  return map;
}

/**
 * Letters the table lacks as one byte are written as a letter byte plus a combining
 * tone byte, e.g. cp1258 "ấ" = "â" 0xE2 + acute 0xEC (what libiconv does for TCVN too).
 */
function buildSingleByteEncodeMap(table: ByteTable): EncodeMap {
  const bytes = byteRange(0, 256);
  const map = new Map<string, readonly number[]>();
  addSingles(map, table, bytes);
  addPairs(
    map,
    table,
    bytes.filter((b) => isLetter(table[b])),
    bytes.filter((b) => isMarks(table[b])),
  );
  return map;
}

/** VNI uses only ASCII, its letter bytes and base + modifier, the modifier in the base's case. */
function buildVniEncodeMap(table: ByteTable): EncodeMap {
  const singles = [...byteRange(0, 0x80), ...Object.keys(VNI_LETTER_BYTES).map(Number)];
  const bases = singles.filter((b) => isLetter(table[b]));
  const map = new Map<string, readonly number[]>();
  addSingles(map, table, singles);
  addPairs(
    map,
    table,
    bases.filter((b) => isLowerCase(table[b])),
    VNI_MODIFIERS.map((m) => m.lower),
  );
  addPairs(
    map,
    table,
    bases.filter((b) => !isLowerCase(table[b])),
    VNI_MODIFIERS.map((m) => m.upper),
  );
  return map;
}

/** Earlier entries win, so one byte is preferred over two. */
function addSingles(map: Map<string, readonly number[]>, table: ByteTable, bytes: readonly number[]): void {
  for (const b of bytes) setIfAbsent(map, table[b].normalize("NFC"), [b]);
}

function addPairs(map: Map<string, readonly number[]>, table: ByteTable, bases: readonly number[], marks: readonly number[]): void {
  for (const base of bases) {
    for (const mark of marks) {
      const composed = (table[base] + table[mark]).normalize("NFC");
      if ([...composed].length === 1) setIfAbsent(map, composed, [base, mark]);
    }
  }
}

function setIfAbsent(map: Map<string, readonly number[]>, key: string, bytes: readonly number[]): void {
  if (!map.has(key)) map.set(key, bytes);
}

function byteRange(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

const isLetter = (s: string): boolean => /^\p{L}$/u.test(s);
const isMarks = (s: string): boolean => /^\p{M}+$/u.test(s);
const isLowerCase = (s: string): boolean => s !== s.toUpperCase();
