/**
 * Realistic, fictitious Vietnamese employer and union names: `Công ty TNHH Đức Phát`,
 * `Công ty cổ phần Xây dựng Giao thông Quảng Trị`, `Hợp tác xã Nông nghiệp Triệu Phong`.
 */
import type { Activity, LegalForm, Ownership } from "./economy.js";
import type { Random } from "./prng.js";
import type { Commune, District } from "./reference-data.js";

const BRAND_FIRST = [
  "Đức",
  "Hưng",
  "Minh",
  "Thành",
  "Phú",
  "An",
  "Hoàng",
  "Trường",
  "Hải",
  "Bảo",
  "Tân",
  "Quang",
  "Thiên",
  "Nam",
  "Việt",
  "Hòa",
  "Phúc",
  "Thịnh",
  "Kim",
  "Ngọc",
  "Đại",
  "Vĩnh",
  "Toàn",
  "Gia",
  "Hồng",
  "Sơn",
  "Thái",
  "Long",
  "Trung",
  "Xuân",
  "Lộc",
  "Tiến",
  "Mạnh",
  "Huy",
  "Khánh",
  "Nhật",
  "Đông",
  "Bình",
  "Lâm",
  "Thuận",
];
const BRAND_SECOND = [
  "Phát",
  "Thịnh",
  "Quang",
  "Đạt",
  "Gia",
  "Khang",
  "Long",
  "Sơn",
  "Vân",
  "Ngọc",
  "Việt",
  "Minh",
  "Phúc",
  "Lợi",
  "Hưng",
  "Tài",
  "An",
  "Thành",
  "Anh",
  "Hà",
  "Lộc",
  "Tín",
  "Nguyên",
  "Trí",
  "Hoàng",
  "Hải",
  "Dũng",
  "Tâm",
  "Thuận",
  "Phong",
];
const FOREIGN_BRANDS = [
  "Hansol",
  "Daewon",
  "Sungjin",
  "Kyung Il",
  "Dae Han",
  "Hwaseung",
  "Taekwang",
  "Shinwon",
  "Haesung",
  "Mei Sheng",
  "Hong Fu",
  "Tai Yang",
  "Chang Shin",
  "Ohara",
  "Sakura",
  "Tanaka",
  "Yamato",
  "Lotus Lao",
  "Savan",
  "Champa",
];
const MIDDLE_NAMES = ["Văn", "Thị", "Thanh", "Minh", "Hồng", "Quốc", "Ngọc", "Đình", "Hữu", "Xuân", "Kim", "Thu"];
const GIVEN_NAMES = [
  "Hương",
  "Tâm",
  "Nhung",
  "Hùng",
  "Hà",
  "Bảo",
  "Lan",
  "Phong",
  "Bình",
  "Yến",
  "Thành",
  "Châu",
  "Oanh",
  "Thắng",
  "Hằng",
  "Vinh",
  "Thảo",
  "Nghĩa",
  "Anh",
  "Sáu",
  "Mai",
  "Danh",
  "Ngọc",
  "Trường",
];

/** Two syllables (`Đức Phát`), sometimes three (`Hoàng Long Phát`). */
function brand(random: Random): string {
  const two = `${random.pick(BRAND_FIRST)} ${random.pick(BRAND_SECOND)}`;
  return random.chance(0.3) ? `${two} ${random.pick(BRAND_SECOND)}` : two;
}

/** `Xã Gio Mỹ` → `Gio Mỹ`, `Thành phố Đông Hà` → `Đông Hà`; numbered wards keep their type. */
export function placeName(fullName: string): string {
  const stripped = fullName.replace(/^(Thành phố|Thị xã|Thị trấn|Huyện|Phường|Xã)\s+/, "");
  return /^\d/.test(stripped) ? fullName : stripped;
}

function withWords(random: Random, words: string, core: string, wordChance: number): string {
  return random.chance(wordChance) ? `${words} ${core}` : core;
}

export interface NamePlace {
  readonly district: District;
  readonly commune: Commune | null;
}

/** The name of a head-office unit (an enterprise, cooperative or other organisation). */
export function headOfficeName(random: Random, form: LegalForm, activity: Activity, ownership: Ownership, place: NamePlace): string {
  const district = placeName(place.district.name);
  const locality = place.commune ? placeName(place.commune.name) : district;
  if (ownership === "FDI") {
    const prefix = form === "CO_PHAN" ? "Công ty cổ phần" : "Công ty TNHH";
    return `${prefix} ${random.pick(FOREIGN_BRANDS)} ${withWords(random, activity.nameWords, random.pick(["Việt Nam", "Vina", "Quảng Trị"]), 0.4)}`;
  }
  if (ownership === "STATE") {
    const prefix = form === "CO_PHAN" ? "Công ty cổ phần" : "Công ty TNHH một thành viên";
    return `${prefix} ${activity.nameWords} ${random.chance(0.7) ? "Quảng Trị" : district}`;
  }
  switch (form) {
    case "HTX":
      return `Hợp tác xã ${random.pick(["", "Dịch vụ "])}${activity.section === "A" ? "Nông nghiệp" : activity.nameWords} ${random.chance(0.6) ? locality : district}`;
    case "DNTN":
      return `Doanh nghiệp tư nhân ${random.chance(0.4) ? `${random.pick(MIDDLE_NAMES)} ${random.pick(GIVEN_NAMES)}` : withWords(random, activity.nameWords, brand(random), 0.4)}`;
    case "HOP_DANH":
      return `Công ty hợp danh ${random.pick(["Tư vấn", "Kiểm toán", "Luật"])} ${brand(random)}`;
    case "KHAC":
      return random.pick([
        () => `Văn phòng công chứng ${brand(random)}`,
        () => `Trường mầm non tư thục ${brand(random)}`,
        () => `Quỹ tín dụng nhân dân ${locality}`,
      ])();
    case "TNHH_1TV":
      return `${random.pick(["Công ty TNHH MTV", "Công ty TNHH một thành viên"])} ${withWords(random, activity.nameWords, brand(random), 0.5)}`;
    case "CO_PHAN":
      return random.chance(0.12)
        ? `Công ty cổ phần ${activity.nameWords} ${random.chance(0.3) ? "Quảng Trị" : district}`
        : `Công ty cổ phần ${withWords(random, activity.nameWords, brand(random), 0.5)}`;
    default:
      return `Công ty TNHH ${withWords(random, activity.nameWords, brand(random), 0.5)}`;
  }
}

/** `Chi nhánh Công ty TNHH Đức Phát tại Gio Linh`, `Văn phòng đại diện ... tại Quảng Trị`. */
export function dependentUnitName(form: "CHI_NHANH" | "VP_DAI_DIEN", parentName: string, district: District, ordinal: number): string {
  const where = form === "VP_DAI_DIEN" ? "Quảng Trị" : placeName(district.name);
  const label = form === "VP_DAI_DIEN" ? "Văn phòng đại diện" : "Chi nhánh";
  return ordinal > 1 ? `${label} số ${ordinal} ${parentName} tại ${where}` : `${label} ${parentName} tại ${where}`;
}

/** `Công đoàn cơ sở Công ty TNHH Đức Phát`. */
export function grassrootsUnionName(random: Random, employerName: string): string {
  return `${random.chance(0.8) ? "Công đoàn cơ sở" : "Công đoàn"} ${employerName}`;
}
