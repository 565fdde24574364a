/**
 * VNI-Windows (VNI fonts such as "VNI-Times"): a letter is an ASCII base letter
 * followed by one modifier byte carrying the vowel mark and/or tone; đ, ơ, ư and the
 * toned i/ỵ have single bytes. Files are cp1252 underneath, so every other byte keeps
 * its cp1252 meaning.
 *
 * Sources: duydev/vietnamese-conversion `src/charsets.ts` (Unicode ↔ VNI table, cp1252
 * rendering, e.g. "ệ" = "eä", "Đ" = "Ñ") and the vietunicode comparison table
 * "Bảng đối chiếu encoding các bộ chữ hiện hành với Unicode"
 * (https://www.scribd.com/document/23311958/Bang-Ma-Unicode, e.g. ệ = 65 E4, ấ = 61 E1).
 */

const GRAVE = "\u0300";
const ACUTE = "\u0301";
const CIRCUMFLEX = "\u0302";
const TILDE = "\u0303";
const BREVE = "\u0306";
const HOOK = "\u0309";
const DOT_BELOW = "\u0323";

/** Bytes that stand for a whole letter. */
export const VNI_LETTER_BYTES: Readonly<Record<number, string>> = {
  0xf1: "đ",
  0xd1: "Đ",
  0xf4: "ơ",
  0xd4: "Ơ",
  0xf6: "ư",
  0xd6: "Ư",
  0xed: "í",
  0xcd: "Í",
  0xec: "ì",
  0xcc: "Ì",
  0xe6: "ỉ",
  0xc6: "Ỉ",
  0xf3: "ĩ",
  0xd3: "Ĩ",
  0xf2: "ị",
  0xd2: "Ị",
  0xee: "ỵ",
  0xce: "Ỵ",
};

export interface VniModifier {
  readonly lower: number;
  readonly upper: number;
  readonly marks: string;
}

/**
 * Modifier bytes following a base letter; the font has one glyph set for lowercase and
 * one for uppercase bases. Decoded as combining marks so that NFC composes them with
 * whatever precedes (a stray modifier stays a visible, unattached mark).
 */
export const VNI_MODIFIERS: readonly VniModifier[] = Object.freeze([
  { lower: 0xf9, upper: 0xd9, marks: ACUTE }, // ù Ù
  { lower: 0xf8, upper: 0xd8, marks: GRAVE }, // ø Ø
  { lower: 0xfb, upper: 0xdb, marks: HOOK }, // û Û
  { lower: 0xf5, upper: 0xd5, marks: TILDE }, // õ Õ
  { lower: 0xef, upper: 0xcf, marks: DOT_BELOW }, // ï Ï
  { lower: 0xe2, upper: 0xc2, marks: CIRCUMFLEX }, // â Â
  { lower: 0xe1, upper: 0xc1, marks: CIRCUMFLEX + ACUTE }, // á Á
  { lower: 0xe0, upper: 0xc0, marks: CIRCUMFLEX + GRAVE }, // à À
  { lower: 0xe5, upper: 0xc5, marks: CIRCUMFLEX + HOOK }, // å Å
  { lower: 0xe3, upper: 0xc3, marks: CIRCUMFLEX + TILDE }, // ã Ã
  { lower: 0xe4, upper: 0xc4, marks: CIRCUMFLEX + DOT_BELOW }, // ä Ä
  { lower: 0xea, upper: 0xca, marks: BREVE }, // ê Ê
  { lower: 0xe9, upper: 0xc9, marks: BREVE + ACUTE }, // é É
  { lower: 0xe8, upper: 0xc8, marks: BREVE + GRAVE }, // è È
  { lower: 0xfa, upper: 0xda, marks: BREVE + HOOK }, // ú Ú
  { lower: 0xfc, upper: 0xdc, marks: BREVE + TILDE }, // ü Ü
  { lower: 0xeb, upper: 0xcb, marks: BREVE + DOT_BELOW }, // ë Ë
]);

/** 256 entries: VNI meaning of each byte over the given cp1252 rendering. */
export function buildVniByteTable(cp1252: readonly string[]): readonly string[] {
  const table = [...cp1252];
  for (const [byte, letter] of Object.entries(VNI_LETTER_BYTES)) table[Number(byte)] = letter;
  for (const { lower, upper, marks } of VNI_MODIFIERS) {
    table[lower] = marks;
    table[upper] = marks;
  }
  return Object.freeze(table);
}
