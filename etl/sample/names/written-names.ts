/**
 * Employer names as agencies write them in their own files: the generator's variants of a
 * unit's registered name, one kind at a time. Written by hand here, from how registry and
 * agency files write names, and never from the linker's name dictionary
 * (etl/reference/name_abbreviations.csv), which the generator does not read: the sample is
 * the linker's yardstick, so the linker's own tables must not make it.
 *
 * Kinds (the ground truth's `name_kind`):
 *   as_registered              the name as the tax registry holds it;
 *   capitals_abbreviated       `CTY TNHH DUC PHAT` (legal form abbreviated, capitals, no diacritics);
 *   spelled_out_no_diacritics  `Cong ty trach nhiem huu han Duc Phat`;
 *   trade_abbreviations        `Công ty TNHH TM&DV Đức Phát`, `CTY CP XD DUC PHAT`, `HTX DV NN Gio Mỹ`;
 *   english                    `DUC PHAT TRADING AND SERVICES CO., LTD`, `Công ty TNHH Hansol Vietnam`;
 *   capitals                   `CÔNG TY TNHH ĐỨC PHÁT`, `CONG TY TNHH MOT THANH VIEN DUC PHAT`;
 *   branch_order               `Công ty TNHH Đức Phát - Chi nhánh Gio Linh`, `CN Gio Linh - Cty TNHH Đức Phát`;
 *   one_member                 `TNHH MTV` written `một thành viên`, `1TV`, or left out;
 *   quotes_brackets            `Công ty TNHH "Đức Phát"`, `[Công ty TNHH Đức Phát]`, `… (ĐỨC PHÁT CO., LTD)`.
 * A variant function returns null when its kind cannot apply to the name (a name without
 * trade words has no trade abbreviation), so the scheduler counts only names it applies to.
 */
import type { EmployerUnit } from "../population.js";
import type { Random } from "../prng.js";
import { abbreviatedCapitalName, foldVietnamese, spelledOutPlainName } from "../vietnamese-text.js";

export type NameKind =
  | "as_registered"
  | "capitals_abbreviated"
  | "spelled_out_no_diacritics"
  | "trade_abbreviations"
  | "english"
  | "capitals"
  | "branch_order"
  | "one_member"
  | "quotes_brackets";

/** The kinds this file writes (the others are the registry's name and the two older variants). */
export type WrittenNameKind = Exclude<NameKind, "as_registered" | "capitals_abbreviated" | "spelled_out_no_diacritics">;

/** The kind of one of the older variants (`abbreviatedCapitalName`, `spelledOutPlainName`), or the registered name. */
export function olderNameKind(registered: string, written: string): NameKind {
  if (written === registered) return "as_registered";
  if (written === abbreviatedCapitalName(registered)) return "capitals_abbreviated";
  if (written === spelledOutPlainName(registered)) return "spelled_out_no_diacritics";
  throw new Error(`${written}: not a known way of writing ${registered}`);
}

// How trade words are abbreviated in files, longest phrase first: each phrase with the
// forms people write it in.
const TRADE_ABBREVIATIONS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/Thương mại và Dịch vụ/, ["TM&DV", "TM-DV", "TMDV", "TM và DV", "TM - DV", "TM DV"]],
  [/Dịch vụ Tổng hợp/, ["DV Tổng hợp", "DV TH"]],
  [/Xây dựng Giao thông/, ["XD Giao thông", "XDGT", "XD GT"]],
  [/Tư vấn Thiết kế/, ["TV Thiết kế", "TVTK", "TV TK"]],
  [/Công nghệ Thông tin/, ["CNTT", "CN Thông tin"]],
  [/Khai thác Khoáng sản/, ["KT Khoáng sản", "Khai thác KS"]],
  [/Bất động sản/, ["BĐS"]],
  [/Thương mại/, ["TM"]],
  [/Dịch vụ/, ["DV"]],
  [/Xây dựng/, ["XD"]],
  [/Vận tải/, ["VT"]],
  [/Chế biến/, ["CB"]],
  [/Tư vấn/, ["TV"]],
  [/Nông nghiệp/, ["NN"]],
  [/Thủy sản/, ["TS"]],
  [/Du lịch/, ["DL"]],
];

// Legal forms as people shorten them beside a trade abbreviation.
const FORM_SHORTHANDS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^Công ty cổ phần /, ["Công ty CP ", "Cty CP ", "CTCP "]],
  [/^Công ty TNHH /, ["Cty TNHH ", "CÔNG TY TNHH "]],
  [/^Hợp tác xã /, ["HTX "]],
  [/^Doanh nghiệp tư nhân /, ["DNTN "]],
];

/** The trade words abbreviated (`Thương mại và Dịch vụ` → `TM&DV`), the legal form sometimes shortened, sometimes all in capitals. */
export function tradeAbbreviated(registered: string, random: Random): string | null {
  let text = registered;
  let changed = false;
  for (const [phrase, forms] of TRADE_ABBREVIATIONS) {
    if (phrase.test(text)) {
      text = text.replace(phrase, random.pick(forms));
      changed = true;
    }
  }
  if (!changed) return null;
  if (random.chance(0.5)) {
    for (const [form, shorthands] of FORM_SHORTHANDS) text = text.replace(form, random.pick(shorthands));
  }
  return random.chance(0.3) ? foldVietnamese(text).toUpperCase() : text;
}

// The English of the trade words in names, as the companies translate them.
const ENGLISH_WORDS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/Thương mại và Dịch vụ/, ["TRADING AND SERVICES", "TRADING & SERVICES", "TRADE AND SERVICE"]],
  [/Dịch vụ Tổng hợp/, ["GENERAL SERVICES"]],
  [/Xây dựng Giao thông/, ["TRAFFIC CONSTRUCTION", "TRANSPORT CONSTRUCTION"]],
  [/Tư vấn Thiết kế/, ["CONSULTING AND DESIGN", "DESIGN CONSULTANCY"]],
  [/Công nghệ Thông tin/, ["INFORMATION TECHNOLOGY", "IT"]],
  [/Khai thác Khoáng sản/, ["MINING", "MINERAL EXPLOITATION"]],
  [/Chế biến Gỗ/, ["WOOD PROCESSING"]],
  [/Chế biến Thủy sản/, ["SEAFOOD PROCESSING"]],
  [/Chế biến Nông sản/, ["AGRICULTURAL PRODUCTS PROCESSING"]],
  [/Lắp đặt Điện/, ["ELECTRICAL INSTALLATION"]],
  [/Dây cáp điện/, ["ELECTRIC CABLE"]],
  [/Bất động sản/, ["REAL ESTATE"]],
  [/Thương mại/, ["TRADING", "COMMERCIAL"]],
  [/Dịch vụ/, ["SERVICES", "SERVICE"]],
  [/Xây dựng/, ["CONSTRUCTION"]],
  [/Vận tải/, ["TRANSPORT", "TRANSPORTATION"]],
  [/Kho vận/, ["LOGISTICS"]],
  [/May mặc/, ["GARMENT", "GARMENTS"]],
  [/Giày da/, ["FOOTWEAR"]],
  [/Nông sản/, ["AGRICULTURAL PRODUCTS"]],
  [/Nông nghiệp/, ["AGRICULTURE", "AGRICULTURAL"]],
  [/Lâm nghiệp/, ["FORESTRY"]],
  [/Thủy sản/, ["FISHERIES", "SEAFOOD"]],
  [/Cao su/, ["RUBBER"]],
  [/Bê tông/, ["CONCRETE"]],
  [/Cơ khí/, ["MECHANICAL"]],
  [/Cấp nước/, ["WATER SUPPLY"]],
  [/Môi trường/, ["ENVIRONMENT"]],
  [/Ô tô/, ["AUTO", "AUTOMOBILE"]],
  [/Thiết bị/, ["EQUIPMENT"]],
  [/Xăng dầu/, ["PETROLEUM"]],
  [/Khách sạn/, ["HOTEL"]],
  [/Nhà hàng/, ["RESTAURANT"]],
  [/Tín dụng/, ["CREDIT"]],
  [/Bảo hiểm/, ["INSURANCE"]],
  [/Du lịch/, ["TRAVEL", "TOURISM"]],
  [/Giáo dục/, ["EDUCATION"]],
  [/Y tế/, ["MEDICAL"]],
  [/Giải trí/, ["ENTERTAINMENT"]],
  [/Điện/, ["POWER", "ELECTRIC"]],
];

// The legal form at the start of a registered name and how an English name ends for it.
const ENGLISH_FORMS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^Công ty TNHH (MTV|một thành viên) /, ["ONE MEMBER CO., LTD", "ONE MEMBER LIMITED LIABILITY COMPANY", "CO., LTD"]],
  [/^Công ty TNHH /, ["CO., LTD", "CO.,LTD", "COMPANY LIMITED", "LIMITED LIABILITY COMPANY"]],
  [/^Công ty cổ phần /, ["JSC", "JOINT STOCK COMPANY", "CORPORATION", "CORP"]],
  [/^Hợp tác xã /, ["COOPERATIVE"]],
  [/^Doanh nghiệp tư nhân /, ["PRIVATE ENTERPRISE"]],
];

/** A registered head-office name in English, `<REST> <TRADE WORDS> <VIETNAM> <FORM>`, or null (no English form). */
function englishOf(registered: string, random: Random): string | null {
  const form = ENGLISH_FORMS.find(([prefix]) => prefix.test(registered));
  if (!form) return null;
  let rest = registered.replace(form[0], "");
  const trade: string[] = [];
  for (const [phrase, english] of ENGLISH_WORDS) {
    if (phrase.test(rest)) {
      trade.push(random.pick(english));
      rest = rest.replace(phrase, " ");
    }
  }
  const vietnam = /Việt Nam/.test(rest);
  rest = rest.replace(/Việt Nam/, " ");
  const words = [foldVietnamese(rest).toUpperCase(), ...trade, vietnam ? "VIETNAM" : "", random.pick(form[1])];
  return words.join(" ").replace(/\s+/g, " ").trim();
}

/** The English name (capitals, or in title case), or a mixed one: the Vietnamese legal form with `Vietnam` or the English trade words. */
export function englishName(unit: EmployerUnit, random: Random): string | null {
  const branch = BRANCH.exec(unit.name);
  if (branch) {
    // a branch of a company without an ordinal: `<PARENT IN ENGLISH> - <PLACE> BRANCH`
    const [, label, ordinal, parent, place] = branch;
    const english = ordinal ? null : englishOf(parent, random);
    if (!english) return null;
    const office = label === "Chi nhánh" ? "BRANCH" : "REPRESENTATIVE OFFICE";
    return random.chance(0.7)
      ? `${english} - ${foldVietnamese(place).toUpperCase()} ${office}`
      : `${foldVietnamese(place).toUpperCase()} ${office} - ${english}`;
  }
  if (random.chance(0.25)) {
    // mixed: the Vietnamese legal form, English words after the name
    if (/Việt Nam/.test(unit.name)) return unit.name.replace("Việt Nam", random.pick(["Vietnam", "VIETNAM"]));
    const trade = ENGLISH_WORDS.find(([phrase]) => phrase.test(unit.name));
    const prefix = /^(Công ty TNHH (MTV |một thành viên )?|Công ty cổ phần )/.exec(unit.name)?.[0];
    if (trade && prefix) {
      const rest = unit.name.slice(prefix.length).replace(trade[0], " ").replace(/\s+/g, " ").trim();
      return `${prefix}${rest} ${random.pick(trade[1])}`;
    }
  }
  const english = englishOf(unit.name, random);
  if (!english) return null;
  return random.chance(0.3)
    ? english
        .toLowerCase()
        .replace(/\b([a-z])/g, (c) => c.toUpperCase())
        .replace(/\bJsc\b/, "JSC")
    : english;
}

/** All in capitals: without diacritics (`CONG TY TNHH DUC PHAT`) or with them (`CÔNG TY TNHH ĐỨC PHÁT`). */
export function capitalsName(registered: string, random: Random): string {
  const upper = registered.toUpperCase();
  return random.chance(0.6) ? foldVietnamese(upper) : upper;
}

/** `Chi nhánh [số N] <parent> tại <place>` (and the same for a representative office). */
const BRANCH = /^(Chi nhánh|Văn phòng đại diện)( số \d+)? (.+) tại (.+)$/;

/** A branch written with its company first, or its place first and the company after a dash. */
export function branchOrderName(registered: string, random: Random): string | null {
  const branch = BRANCH.exec(registered);
  if (!branch) return null;
  const [, label, ordinal = "", parent, place] = branch;
  const short = parent.replace(/^Công ty /, "Cty ").replace(/cổ phần/, "CP");
  const variants = [
    () => `${parent} - ${label}${ordinal} ${place}`,
    () => `${parent} - ${label}${ordinal} tại ${place}`,
    () => `${label}${ordinal} ${place} - ${parent}`,
    () => `${parent} – ${label}${ordinal} ${place}`,
    () => `${label}${ordinal} tại ${place} (${parent})`,
  ];
  if (label === "Chi nhánh")
    variants.push(
      () => `CN${ordinal} ${place} - ${short}`,
      () => `${short} - CN${ordinal} ${place}`,
    );
  return random.pick(variants)();
}

const ONE_MEMBER = /TNHH (MTV|một thành viên)/;

/** A one-member company's `MTV` written another way (`một thành viên`, `Một Thành Viên`, `1TV`, `1 thành viên`) or left out. */
export function oneMemberName(registered: string, random: Random): string | null {
  const match = ONE_MEMBER.exec(registered);
  if (!match) return null;
  const forms = ["MTV", "một thành viên", "Một Thành Viên", "1TV", "1 thành viên", ""].filter((f) => f !== match[1]);
  const form = random.pick(forms);
  return registered.replace(ONE_MEMBER, form ? `TNHH ${form}` : "TNHH");
}

const LEGAL_FORM_PREFIX = /^(Công ty TNHH (MTV |một thành viên )?|Công ty cổ phần |Công ty hợp danh |Hợp tác xã |Doanh nghiệp tư nhân )/;

/** Quotes around the name proper or the whole name, an unpaired quote, brackets around it, or a bracketed short name after it. */
export function quotesBracketsName(registered: string, random: Random): string {
  const prefix = LEGAL_FORM_PREFIX.exec(registered)?.[0];
  const variants = [() => `"${registered}"`, () => `"${registered}`, () => `${registered}"`, () => `[${registered}]`, () => `(${registered})`];
  if (prefix) {
    const proper = registered.slice(prefix.length);
    variants.push(
      () => `${prefix}"${proper}"`,
      () => `${prefix}“${proper}”`,
      () => `${registered} (${foldVietnamese(proper).toUpperCase()})`,
    );
    const english = englishOf(registered, random);
    if (english) variants.push(() => `${registered} (${english})`);
  }
  return random.pick(variants)();
}

/** The name written the kind's way, or null when the kind does not apply to it. */
export function writtenName(kind: WrittenNameKind, unit: EmployerUnit, random: Random): string | null {
  switch (kind) {
    case "trade_abbreviations":
      return tradeAbbreviated(unit.name, random);
    case "english":
      return englishName(unit, random);
    case "capitals":
      return capitalsName(unit.name, random);
    case "branch_order":
      return branchOrderName(unit.name, random);
    case "one_member":
      return oneMemberName(unit.name, random);
    case "quotes_brackets":
      return quotesBracketsName(unit.name, random);
  }
}

/** Whether the kind can apply to the unit's name (what the scheduler asks before drawing). */
export function nameKindApplies(kind: WrittenNameKind, unit: EmployerUnit): boolean {
  switch (kind) {
    case "trade_abbreviations":
      return TRADE_ABBREVIATIONS.some(([phrase]) => phrase.test(unit.name));
    case "english": {
      const branch = BRANCH.exec(unit.name);
      const head = branch ? (branch[2] ? "" : branch[3]) : unit.name;
      return ENGLISH_FORMS.some(([prefix]) => prefix.test(head));
    }
    case "capitals":
    case "quotes_brackets":
      return true;
    case "branch_order":
      return BRANCH.test(unit.name);
    case "one_member":
      return ONE_MEMBER.test(unit.name);
  }
}
