import { decodeVietnamese } from "./decode-vietnamese.js";
import { type DetectedEncoding, LEGACY_ENCODINGS } from "./encoding-names.js";

/** How much of a file `detectEncoding` is meant to see. */
export const DETECTION_SAMPLE_BYTES = 1024 * 1024;

export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  const bytes = withoutUtf8Bom(sample);
  const utf8 = decodeStrictUtf8(bytes);
  if (utf8 !== undefined) return looksDecomposed(utf8) ? "utf-8-nfd" : "utf-8";
  return pickBestEncoding(LEGACY_ENCODINGS, (enc) => decodeVietnamese(bytes, enc));
}

/** The candidate whose decoding reads most like Vietnamese; ties go to the earlier one. */
export function pickBestEncoding<E extends DetectedEncoding>(candidates: readonly E[], decode: (enc: E) => string): E {
  let best = candidates[0];
  let bestScore = -Infinity;
  for (const enc of candidates) {
    const score = scoreVietnamese(decode(enc));
    if (score > bestScore) [best, bestScore] = [enc, score];
  }
  return best;
}

const DECOMPOSED_MARK = /[A-Za-z][\u0300-\u0323]/g;
const LATIN_NON_ASCII = /[\u00C0-\u024F\u1E00-\u1EFF]/g;

/** Combining diacritics on Latin letters outnumber precomposed letters. */
export function looksDecomposed(text: string): boolean {
  const decomposed = text.match(DECOMPOSED_MARK)?.length ?? 0;
  if (decomposed === 0) return false;
  const precomposed = (text.match(LATIN_NON_ASCII) ?? []).filter((ch) => ch.normalize("NFD") !== ch).length;
  return decomposed > precomposed;
}

const TOKEN = /[\p{L}\p{M}]+|[^\x00-\x7F]/gu;
/** ASCII words and abbreviations such as "NLĐ" or "QĐ" are neutral. */
const NEUTRAL_WORD = /^(?:[A-Za-z]+|[A-ZĐ]*Đ[A-ZĐ]*)$/u;
const HAS_LETTER = /\p{L}/u;
/** NBSP, dashes, curly quotes, ellipsis, đồng sign: plausible in any correct decoding. */
const TYPOGRAPHIC = /^[\u00A0\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u20AB]$/;

/**
 * +1 per word with diacritics that is a well-formed Vietnamese syllable, −1 per word
 * that is not and per stray non-ASCII symbol or mark.
 */
export function scoreVietnamese(text: string): number {
  let score = 0;
  for (const [token] of text.matchAll(TOKEN)) score += tokenScore(token);
  return score;
}

function tokenScore(token: string): number {
  if (NEUTRAL_WORD.test(token)) return 0;
  if (!HAS_LETTER.test(token)) return TYPOGRAPHIC.test(token) ? 0 : -1;
  return isVietnameseSyllable(token) ? 1 : -1;
}

const TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu;
/** A tone mark sits on a vowel, possibly after its circumflex/breve/horn (NFD order). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the text is NFD; each combining mark is meant as its own code point
const TONE_OFF_VOWEL = /[^aeiouy\u0302\u0306\u031B][\u0300\u0301\u0303\u0309\u0323]/u;
/** Vowel nuclei by whether a final consonant must, may or cannot follow. */
const OPEN_NUCLEI = "iêu|oai|oao|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|yêu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu";
const CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ|oă|uâ|oo|â|ă";
const FREE_NUCLEI = "oa|oe|uê|uơ|uy|a|e|ê|i|o|ô|ơ|u|ư|y";
const ONSET = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx]";
const CODA = "ch|ng|nh|[cmnptk]";
const SYLLABLE = new RegExp(`^(?:${ONSET})?(?:(?:${OPEN_NUCLEI})|(?:${CLOSED_NUCLEI})(?:${CODA})|(?:${FREE_NUCLEI})(?:${CODA})?)$`, "u");

function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize("NFD");
  if ((nfd.match(TONE)?.length ?? 0) > 1 || TONE_OFF_VOWEL.test(nfd)) return false;
  return SYLLABLE.test(nfd.replace(TONE, "").normalize("NFC"));
}

function withoutUtf8Bom(bytes: Uint8Array): Uint8Array {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return hasBom ? bytes.subarray(3) : bytes;
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A sample cut from a longer file may end inside a multi-byte sequence; that tail is
 * forgiven only when the rest has real multi-byte UTF-8, so a legacy file whose single
 * high byte happens to be last is not mistaken for ASCII.
 */
function decodeStrictUtf8(bytes: Uint8Array): string | undefined {
  const whole = tryDecodeUtf8(bytes);
  if (whole !== undefined) return whole;
  const trimmed = withoutIncompleteTail(bytes);
  if (trimmed.length === bytes.length || trimmed.every((b) => b < 0x80)) return undefined;
  return tryDecodeUtf8(trimmed);
}

function tryDecodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function withoutIncompleteTail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
