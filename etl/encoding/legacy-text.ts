import { CP1252_CHARS, decodeVietnamese } from "./decode-vietnamese.js";
import { looksDecomposed, pickBestEncoding } from "./detect-encoding.js";
import { type DetectedEncoding, isLegacyEncoding } from "./encoding-names.js";

/**
 * Spreadsheet cells typed in a legacy font hold the cp1252 (or latin-1) rendering of
 * the legacy bytes, e.g. "Vieät Nam" for VNI "Việt Nam". Both renderings map back to
 * the same byte: U+0000-U+00FF directly, cp1252's extras (€, “, …) to 0x80-0x9F.
 */
const CP1252_EXTRAS = CP1252_CHARS.filter((ch) => ch.charCodeAt(0) > 0xff);
const BYTE_OF_CHAR: ReadonlyMap<string, number> = new Map([
  ...Array.from({ length: 256 }, (_, b) => [String.fromCharCode(b), b] as const),
  ...CP1252_EXTRAS.map((ch) => [ch, CP1252_CHARS.indexOf(ch)] as const),
]);
const BYTE_CHAR_CLASS = `[\\u0000-\\u00ff${CP1252_EXTRAS.map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`;
const BYTE_CHAR_RUN = new RegExp(`${BYTE_CHAR_CLASS}+`, "g");
const ONLY_BYTE_CHARS = new RegExp(`^${BYTE_CHAR_CLASS}*$`);

const TEXT_CANDIDATES: readonly DetectedEncoding[] = ["utf-8", "windows-1258", "tcvn3", "vni"];

export function detectTextEncoding(samples: readonly string[]): DetectedEncoding {
  const text = samples.join("\n");
  if (!ONLY_BYTE_CHARS.test(text)) return looksDecomposed(text) ? "utf-8-nfd" : "utf-8";
  return pickBestEncoding(TEXT_CANDIDATES, (enc) => decodeLegacyText(text, enc));
}

/** Characters outside the byte renderings (already real Unicode) are kept as they are. */
export function decodeLegacyText(s: string, enc: DetectedEncoding): string {
  if (enc === "utf-8") return s;
  if (!isLegacyEncoding(enc)) return s.normalize("NFC");
  return s.replace(BYTE_CHAR_RUN, (run) => decodeVietnamese(toBytes(run), enc)).normalize("NFC");
}

function toBytes(run: string): Uint8Array {
  return Uint8Array.from(run, (ch) => BYTE_OF_CHAR.get(ch)!);
}
