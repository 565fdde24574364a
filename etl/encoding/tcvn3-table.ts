/**
 * TCVN 5712:1993 ("TCVN3", ABC fonts such as .VnTime) byte → Unicode table.
 *
 * Source: GNU libiconv `lib/tcvn.h` (converter "TCVN-5712"), which implements the
 * VN1 superset of the standard; verified byte for byte against glibc `iconv -f
 * TCVN5712-1` and, for the lowercase letters, against the vietunicode comparison
 * table "Bảng đối chiếu encoding các bộ chữ hiện hành với Unicode"
 * (https://www.scribd.com/document/23311958/Bang-Ma-Unicode).
 *
 * TCVN3 proper (VN3) only assigns 0xA0-0xFF: 67 lowercase letters, the 7 uppercase
 * letters without tone (Ă Â Ê Ô Ơ Ư Đ) and NBSP. Toned capitals were written with an
 * all-caps font (.VnTimeH) over the *lowercase* bytes, so such text decodes to
 * lowercase. VN1 adds the toned capitals at 0x80-0x9F, 0xBF/0xC0-0xC5 etc. and in
 * twelve C0 control positions, and VN2 adds five combining tone marks at 0xB0-0xB4;
 * we map all of them, as libiconv/glibc do.
 */

/** VN1 reuses these C0 control positions for uppercase letters. */
const C0_LETTERS: Readonly<Record<number, string>> = {
  0x01: "Ú",
  0x02: "Ụ",
  0x04: "Ừ",
  0x05: "Ử",
  0x06: "Ữ",
  0x11: "Ứ",
  0x12: "Ự",
  0x13: "Ỳ",
  0x14: "Ỷ",
  0x15: "Ỹ",
  0x16: "Ý",
  0x17: "Ỵ",
};

/** Bytes 0x80-0xFF, sixteen per row. */
const HIGH_ROWS = [
  "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ", // 0x80
  "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ", // 0x90
  "\u00A0ĂÂÊÔƠƯĐăâêôơưđẰ", // 0xA0
  "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ", // 0xB0: combining grave, hook, tilde, acute, dot below
  "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ", // 0xC0
  "éẹềểễếệìỉỄẾỒĩíịò", // 0xD0
  "Ổỏõóọồổỗốộờởỡớợù", // 0xE0
  "ỖủũúụừửữứựỳỷỹýỵỐ", // 0xF0
];

function buildTable(): readonly string[] {
  const low = Array.from({ length: 0x80 }, (_, b) => C0_LETTERS[b] ?? String.fromCharCode(b));
  return Object.freeze([...low, ...HIGH_ROWS.join("")]);
}

/** 256 entries: the Unicode text of each TCVN3 byte (combining marks for 0xB0-0xB4). */
export const TCVN3_BYTE_TABLE: readonly string[] = buildTable();
