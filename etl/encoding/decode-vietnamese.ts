import { Transform, type TransformCallback } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import iconv from "iconv-lite";
import { type DetectedEncoding, isLegacyEncoding, type LegacyEncoding } from "./encoding-names.js";
import { TCVN3_BYTE_TABLE } from "./tcvn3-table.js";
import { buildVniByteTable } from "./vni-table.js";

/** Incremental bytes → NFC text decoder; `end()` flushes whatever was held back. */
export interface ChunkTextDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

/** Bytes a code page leaves undefined decode to the C1 control of the same value, as on Windows and in WHATWG's index. */
function iconvByteTable(name: string): readonly string[] {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, b) => b));
  const chars = [...iconv.decode(everyByte, name)];
  return Object.freeze(chars.map((ch, b) => (ch === "\uFFFD" ? String.fromCharCode(b) : ch)));
}

/** How cp1252 (Windows "ANSI") renders each byte; legacy fonts were cp1252-mapped. */
export const CP1252_CHARS: readonly string[] = iconvByteTable("windows-1252");

/** Unicode text of every byte; decoding is a lookup followed by NFC. */
export const LEGACY_BYTE_TABLES: Readonly<Record<LegacyEncoding, readonly string[]>> = Object.freeze({
  "windows-1258": iconvByteTable("windows-1258"),
  tcvn3: TCVN3_BYTE_TABLE,
  vni: buildVniByteTable(CP1252_CHARS),
});

export function decodeVietnamese(buf: Uint8Array, enc: DetectedEncoding): string {
  const decoder = createChunkTextDecoder(enc);
  return decoder.write(buf) + decoder.end();
}

/** Byte stream in `enc` → UTF-8 NFC byte stream; any chunking of the input is fine. */
export function createDecodeTransform(enc: DetectedEncoding): Transform {
  const decoder = createChunkTextDecoder(enc);
  const pushText = (stream: Transform, text: string): void => {
    if (text !== "") stream.push(Buffer.from(text, "utf8"));
  };
  return new Transform({
    transform(this: Transform, chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      pushText(this, decoder.write(chunk));
      callback();
    },
    flush(this: Transform, callback: TransformCallback) {
      pushText(this, decoder.end());
      callback();
    },
  });
}

export function createChunkTextDecoder(enc: DetectedEncoding): ChunkTextDecoder {
  const raw = isLegacyEncoding(enc) ? tableDecoder(LEGACY_BYTE_TABLES[enc]) : utf8Decoder();
  let pending = "";
  const emit = (text: string, final: boolean): string => {
    const all = pending + text;
    const cut = final ? all.length : safeCut(all);
    pending = all.slice(cut);
    return all.slice(0, cut).normalize("NFC");
  };
  return {
    write: (chunk) => emit(raw.write(chunk), false),
    end: () => emit(raw.end(), true),
  };
}

/** UTF-8 sequences split across chunks are kept by StringDecoder; a leading BOM is dropped. */
function utf8Decoder(): ChunkTextDecoder {
  const decoder = new StringDecoder("utf8");
  let atStart = true;
  const stripBom = (text: string): string => {
    if (!atStart || text === "") return text;
    atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  return {
    write: (chunk) => stripBom(decoder.write(chunk)),
    end: () => stripBom(decoder.end()),
  };
}

/** Each byte's text is pre-encoded as UTF-16LE and copied into one buffer per chunk. */
function tableDecoder(table: readonly string[]): ChunkTextDecoder {
  const utf16 = table.map((text) => Buffer.from(text, "utf16le"));
  const widest = Math.max(...utf16.map((units) => units.length));
  return {
    write: (chunk) => {
      const out = Buffer.allocUnsafe(chunk.length * widest);
      let length = 0;
      for (let i = 0; i < chunk.length; i++) {
        const units = utf16[chunk[i]];
        for (let j = 0; j < units.length; j++) out[length++] = units[j];
      }
      return out.toString("utf16le", 0, length);
    },
    end: () => "",
  };
}

const MAX_PENDING = 64 * 1024;
const LAST_STARTER = /\P{M}\p{M}*$/u;

/**
 * Where the decoded text may be cut so that NFC of the prefix is final. An ASCII
 * character never combines with what precedes it (neither under NFC nor as a VNI
 * modifier, and legacy modifier/tone bytes are all non-ASCII), so we hold back from
 * the last one. Text without any ASCII is cut before its last non-mark once it grows
 * large, to bound memory.
 */
function safeCut(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (text.charCodeAt(i) < 0x80) return i;
  }
  if (text.length <= MAX_PENDING) return 0;
  return LAST_STARTER.exec(text)?.index ?? 0;
}
