import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDecodeTransform,
  DETECTED_ENCODINGS,
  type DetectedEncoding,
  decodeLegacyText,
  decodeVietnamese,
  detectEncoding,
  detectTextEncoding,
  encodeVietnamese,
  transcodeFileToUtf8,
} from "../../etl/encoding/index.js";
import { FIXTURE_FILES } from "../fixtures/encodings/make-fixtures.js";

const fixturePath = (enc: DetectedEncoding): string => fileURLToPath(new URL(`../fixtures/encodings/${FIXTURE_FILES[enc]}`, import.meta.url));
const fixtureBytes = (enc: DetectedEncoding): Buffer => readFileSync(fixturePath(enc));
const EXPECTED = fixtureBytes("utf-8").toString("utf8");

const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
const LOWER_LETTERS = [...[..."aăâeêioôơuưy"].flatMap((v) => TONES.map((t) => (v + t).normalize("NFC"))).filter((c) => !/^[a-y]$/.test(c)), "đ"];
const VIETNAMESE_LETTERS = [...LOWER_LETTERS, ...LOWER_LETTERS.map((c) => c.toUpperCase())];
const ALPHABET_TEXT = [
  VIETNAMESE_LETTERS.join(""),
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
  `, ; . - / ( ) " '`,
  "Tiếng Việt: Đồng bằng sông Cửu Long, ĐƯỜNG HÙNG VƯƠNG",
].join("\n");

async function streamDecode(bytes: Buffer, enc: DetectedEncoding, chunkSize: number): Promise<string> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(chunks), createDecodeTransform(enc), sink);
  return Buffer.concat(out).toString("utf8");
}

/** Header + first `rows` data rows, as raw bytes (0x0A is a line feed in every encoding here). */
function firstLines(bytes: Buffer, rows: number): Buffer {
  let end = -1;
  for (let line = 0; line <= rows; line++) end = bytes.indexOf(0x0a, end + 1);
  return bytes.subarray(0, end + 1);
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("encoding fixtures", () => {
  it("the UTF-8 fixture is NFC and has every tone on every vowel", () => {
    expect(VIETNAMESE_LETTERS).toHaveLength(134);
    expect(EXPECTED.normalize("NFC")).toBe(EXPECTED);
    const lower = EXPECTED.toLowerCase();
    const toned = LOWER_LETTERS.filter((c) => c.normalize("NFD").match(/[\u0300\u0301\u0303\u0309\u0323]/));
    expect(toned.filter((c) => !lower.includes(c))).toEqual([]);
  });

  it.each(DETECTED_ENCODINGS)("committed %s bytes are what encodeVietnamese produces", (enc) => {
    expect(hex(fixtureBytes(enc))).toBe(hex(encodeVietnamese(EXPECTED, enc)));
  });

  it.each(DETECTED_ENCODINGS)("detects %s", (enc) => {
    expect(detectEncoding(fixtureBytes(enc))).toBe(enc);
  });

  it.each(DETECTED_ENCODINGS)("detects %s from a header and 3 rows", (enc) => {
    expect(detectEncoding(firstLines(fixtureBytes(enc), 3))).toBe(enc);
  });

  it.each(DETECTED_ENCODINGS)("decodes %s to the exact UTF-8 NFC text", (enc) => {
    expect(decodeVietnamese(fixtureBytes(enc), enc)).toBe(EXPECTED);
  });

  it.each(DETECTED_ENCODINGS)("streams %s in 1-byte and 7-byte chunks to the same UTF-8 NFC bytes", async (enc) => {
    expect(await streamDecode(fixtureBytes(enc), enc, 1)).toBe(EXPECTED);
    expect(await streamDecode(fixtureBytes(enc), enc, 7)).toBe(EXPECTED);
  });

  it.each(["utf-8", "tcvn3"] as const)("streams %s text with no ASCII for longer than the hold-back window", async (enc) => {
    const text = `${"ệ".repeat(100_000)}\nĐƯỜNG${"ữ".repeat(70_000)}`;
    expect(await streamDecode(encodeVietnamese(text, enc), enc, 4096)).toBe(text);
  });
});

describe("published byte values", () => {
  // VNI-Windows, from duydev/vietnamese-conversion src/charsets.ts ("ệ" → "eä", "Đ" → "Ñ",
  // "đ" → "ñ", "ư" → "ö") and the vietunicode table "Bảng đối chiếu encoding các bộ chữ
  // hiện hành với Unicode" (scribd.com/document/23311958: ệ = 65 E4, ấ = 61 E1, á = 61 F9).
  it.each([
    ["Việt", "566965e474"],
    ["Đ", "d1"],
    ["đ", "f1"],
    ["ấ", "61e1"],
    ["á", "61f9"],
    ["Hưng", "48f66e67"],
  ])("VNI %s = %s", (text, bytes) => {
    expect(hex(encodeVietnamese(text, "vni"))).toBe(bytes);
    expect(decodeVietnamese(Buffer.from(bytes, "hex"), "vni")).toBe(text);
  });

  // TCVN3, from GNU libiconv lib/tcvn.h (0xA7 → U+0110, 0xAE → U+0111, 0xD6 → U+1EC7,
  // 0xCA → U+1EA5, 0xB8 → U+00E1) and the same vietunicode table (ệ = D6, ấ = CA, á = B8).
  it.each([
    ["ệ", "d6"],
    ["Đ", "a7"],
    ["đ", "ae"],
    ["ấ", "ca"],
    ["á", "b8"],
    ["Việt", "5669d674"],
  ])("TCVN3 %s = %s", (text, bytes) => {
    expect(hex(encodeVietnamese(text, "tcvn3"))).toBe(bytes);
    expect(decodeVietnamese(Buffer.from(bytes, "hex"), "tcvn3")).toBe(text);
  });

  // Windows-1258 (Microsoft code page table): 0xEA = ê, 0xF2 = U+0323, 0xEC = U+0301, 0xD0 = Đ.
  it.each([
    ["ệ", "eaf2"],
    ["ấ", "e2ec"],
    ["Đ", "d0"],
    ["á", "e1"],
  ])("windows-1258 %s = %s", (text, bytes) => {
    expect(hex(encodeVietnamese(text, "windows-1258"))).toBe(bytes);
    expect(decodeVietnamese(Buffer.from(bytes, "hex"), "windows-1258")).toBe(text);
  });

  it("TCVN3 fixture spells Điện as A7 69 D6 6E", () => {
    expect(fixtureBytes("tcvn3").includes(Buffer.from("a769d66e", "hex"))).toBe(true);
  });
});

describe("round trip", () => {
  it.each(DETECTED_ENCODINGS)("the full alphabet, ASCII, digits and punctuation survive %s", (enc) => {
    expect(decodeVietnamese(encodeVietnamese(ALPHABET_TEXT, enc), enc)).toBe(ALPHABET_TEXT);
  });

  it.each(DETECTED_ENCODINGS)("every single letter survives %s on its own", (enc) => {
    for (const letter of VIETNAMESE_LETTERS) expect(decodeVietnamese(encodeVietnamese(letter, enc), enc)).toBe(letter);
  });

  it("utf-8-nfd writes decomposed text and utf-8 writes composed text", () => {
    expect(encodeVietnamese("Việt", "utf-8-nfd").toString("utf8")).toBe("Việt".normalize("NFD"));
    expect(encodeVietnamese("Việt".normalize("NFD"), "utf-8").toString("utf8")).toBe("Việt");
  });

  it("refuses characters a legacy encoding cannot hold", () => {
    expect(() => encodeVietnamese("€", "tcvn3")).toThrow(RangeError);
    expect(() => encodeVietnamese("ü", "vni")).toThrow(/U\+00FC/);
  });
});

describe("detectEncoding edge cases", () => {
  it("pure ASCII is utf-8", () => {
    expect(detectEncoding(Buffer.from("ma_so_thue,name\n3200123452,ABC Trading\n"))).toBe("utf-8");
    expect(detectEncoding(Buffer.alloc(0))).toBe("utf-8");
  });

  it("a UTF-8 BOM is ignored by detection and stripped by decoding", () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes("utf-8")]);
    expect(detectEncoding(withBom)).toBe("utf-8");
    expect(decodeVietnamese(withBom, "utf-8")).toBe(EXPECTED);
  });

  it("a UTF-8 sample cut inside a multi-byte letter is still utf-8", () => {
    const bytes = fixtureBytes("utf-8");
    const cut = bytes.indexOf(Buffer.from("ệ")) + 1;
    expect(detectEncoding(bytes.subarray(0, cut))).toBe("utf-8");
  });

  it("a legacy file whose only high byte is the last one is not taken for UTF-8", () => {
    expect(detectEncoding(encodeVietnamese("ten\nHà", "windows-1258"))).not.toBe("utf-8");
  });

  it("mostly precomposed UTF-8 with a stray combining mark stays utf-8", () => {
    expect(detectEncoding(Buffer.from(`${EXPECTED}Cafe\u0301\n`))).toBe("utf-8");
  });
});

describe("legacy text in spreadsheet cells", () => {
  // Cells typed in a VNI/ABC font hold the cp1252 rendering of the legacy bytes
  // (WHATWG windows-1252, as Windows does: undefined bytes become C1 controls).
  const asCells = (enc: DetectedEncoding): string[] => new TextDecoder("windows-1252").decode(fixtureBytes(enc)).split("\n").slice(0, 4);
  const expectedCells = EXPECTED.split("\n").slice(0, 4);

  it.each(["tcvn3", "vni", "windows-1258"] as const)("detects and decodes %s cells", (enc) => {
    const cells = asCells(enc);
    expect(detectTextEncoding(cells)).toBe(enc);
    expect(cells.map((cell) => decodeLegacyText(cell, enc))).toEqual(expectedCells);
  });

  it("reads latin-1 renderings too (C1 controls instead of cp1252 symbols)", () => {
    const cells = fixtureBytes("tcvn3").toString("latin1").split("\n");
    expect(cells.map((cell) => decodeLegacyText(cell, "tcvn3")).join("\n")).toBe(EXPECTED);
  });

  it("real Unicode cells are utf-8 or utf-8-nfd", () => {
    expect(detectTextEncoding(expectedCells)).toBe("utf-8");
    expect(detectTextEncoding(["Cà Mau", "Bà Rịa"])).toBe("utf-8");
    expect(detectTextEncoding(["Cà Mau"])).toBe("utf-8");
    expect(detectTextEncoding(expectedCells.map((c) => c.normalize("NFD")))).toBe("utf-8-nfd");
    expect(detectTextEncoding(["ABC", "123"])).toBe("utf-8");
  });

  it("decodeLegacyText is identity for utf-8 and NFC for utf-8-nfd", () => {
    const nfd = "Việt".normalize("NFD");
    expect(decodeLegacyText(nfd, "utf-8")).toBe(nfd);
    expect(decodeLegacyText(nfd, "utf-8-nfd")).toBe("Việt");
    expect(decodeLegacyText("Vieät Nam", "vni")).toBe("Việt Nam");
    expect(decodeLegacyText("Coâng ty", "vni")).toBe("Công ty");
  });
});

describe("transcodeFileToUtf8", () => {
  const dir = mkdtempSync(join(tmpdir(), "uap-encoding-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(DETECTED_ENCODINGS)("streams a %s file to UTF-8 NFC and reports sizes", async (enc) => {
    const dest = join(dir, `${enc}.csv`);
    const result = await transcodeFileToUtf8(fixturePath(enc), dest, enc);
    expect(readFileSync(dest, "utf8")).toBe(EXPECTED);
    expect(result).toEqual({ bytesIn: fixtureBytes(enc).length, bytesOut: Buffer.byteLength(EXPECTED) });
  });
});
