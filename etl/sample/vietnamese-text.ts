/**
 * The ways one Vietnamese name or address gets written by different agencies: without
 * diacritics, in capitals with legal-form abbreviations, spelled out, abbreviated.
 */

/** Diacritics removed, đ → d, case kept. */
export function foldVietnamese(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/Công ty trách nhiệm hữu hạn/gi, "CTY TNHH"],
  [/Công ty/gi, "CTY"],
  [/trách nhiệm hữu hạn/gi, "TNHH"],
  [/một thành viên/gi, "MTV"],
  [/hai thành viên trở lên/gi, ""],
  [/cổ phần/gi, "CP"],
  [/Doanh nghiệp tư nhân/gi, "DNTN"],
  [/Hợp tác xã/gi, "HTX"],
  [/Chi nhánh/gi, "CN"],
  [/Văn phòng đại diện/gi, "VPĐD"],
];

/** `Công ty TNHH Đức Phát` → `CTY TNHH DUC PHAT`. */
export function abbreviatedCapitalName(name: string): string {
  let text = name;
  for (const [pattern, replacement] of ABBREVIATIONS) text = text.replace(pattern, replacement);
  return foldVietnamese(text).toUpperCase().replace(/\s+/g, " ").trim();
}

const EXPANSIONS: readonly (readonly [RegExp, string])[] = [
  [/\bTNHH\b/g, "trách nhiệm hữu hạn"],
  [/\bMTV\b/g, "một thành viên"],
  [/\bCP\b/g, "cổ phần"],
];

/** `Công ty TNHH Đức Phát` → `Cong ty trach nhiem huu han Duc Phat`. */
export function spelledOutPlainName(name: string): string {
  let text = name;
  for (const [pattern, replacement] of EXPANSIONS) text = text.replace(pattern, replacement);
  return foldVietnamese(text);
}

const ADDRESS_ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/Thành phố /g, "TP. "],
  [/Thị xã /g, "TX. "],
  [/Thị trấn /g, "TT. "],
  [/Phường /g, "P. "],
  [/Huyện /g, "H. "],
  [/Xã /g, "X. "],
  [/Tỉnh /g, "T. "],
  [/đường /g, "đ. "],
];

/** `Phường Đông Lễ, Thành phố Đông Hà` → `P. Đông Lễ, TP. Đông Hà`. */
export function abbreviatedAddress(address: string): string {
  let text = address;
  for (const [pattern, replacement] of ADDRESS_ABBREVIATIONS) text = text.replace(pattern, replacement);
  return text;
}
