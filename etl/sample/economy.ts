/**
 * What kinds of employers the sample province has: legal forms (as the tax export
 * writes them), ownership, VSIC 2018 activities with their pay levels, female shares
 * and the words their names use.
 */
import { LEGAL_FORMS, type LegalForm, OWNERSHIPS, type Ownership } from "../../core/code-lists.js";

export type { LegalForm, Ownership } from "../../core/code-lists.js";

/** The legal form as the tax registry export writes it (`loai_hinh`): core/code-lists.ts's registryText. */
export const LEGAL_FORM_LABELS: Readonly<Record<LegalForm, string>> = Object.freeze(
  Object.fromEntries(LEGAL_FORMS.map((f) => [f.code, f.registryText])) as Record<LegalForm, string>,
);

/** Ownership as the statistics survey writes it (`loai_hinh_so_huu`): core/code-lists.ts's surveyText. */
export const OWNERSHIP_LABELS: Readonly<Record<Ownership, string>> = Object.freeze(
  Object.fromEntries(OWNERSHIPS.map((o) => [o.code, o.surveyText])) as Record<Ownership, string>,
);

export interface Activity {
  /** VSIC 2018 level-5 code. */
  readonly vsic: string;
  readonly section: string;
  /** Words for the unit's name: `Xây dựng`, `May mặc`, ... */
  readonly nameWords: string;
  /** Mean monthly salary in 2019, million VND. */
  readonly salary2019: number;
  readonly femaleShare: number;
  /** Relative frequency among employers. */
  readonly weight: number;
  /** Relative frequency among large (FDI / industrial-zone) employers. */
  readonly largeWeight: number;
}

const a = (vsic: string, section: string, nameWords: string, salary2019: number, femaleShare: number, weight: number, largeWeight = 0): Activity => ({
  vsic,
  section,
  nameWords,
  salary2019,
  femaleShare,
  weight,
  largeWeight,
});

export const ACTIVITIES: readonly Activity[] = [
  a("01110", "A", "Nông nghiệp", 4.2, 0.45, 2),
  a("01250", "A", "Cao su", 4.6, 0.4, 1.5, 1),
  a("01280", "A", "Nông sản", 4.4, 0.5, 1.5),
  a("02210", "A", "Lâm nghiệp", 4.5, 0.3, 2, 0.5),
  a("03110", "A", "Thủy sản", 4.3, 0.25, 1),
  a("08101", "B", "Khai thác Khoáng sản", 7.0, 0.15, 1.5),
  a("10200", "C", "Chế biến Thủy sản", 5.6, 0.7, 1, 1),
  a("10790", "C", "Chế biến Nông sản", 5.8, 0.6, 1.5, 1),
  a("14100", "C", "May mặc", 6.2, 0.82, 1.5, 4),
  a("15200", "C", "Giày da", 6.4, 0.78, 0.3, 3),
  a("16210", "C", "Chế biến Gỗ", 5.8, 0.35, 3, 2),
  a("23950", "C", "Bê tông", 6.8, 0.15, 1.5, 0.5),
  a("25110", "C", "Cơ khí", 7.0, 0.1, 1.5, 0.5),
  a("27320", "C", "Dây cáp điện", 7.2, 0.4, 0.2, 1.5),
  a("35110", "D", "Điện", 11.5, 0.15, 1, 0.6),
  a("36000", "E", "Cấp nước", 7.5, 0.3, 0.4, 0.2),
  a("38110", "E", "Môi trường", 6.0, 0.35, 0.8),
  a("41000", "F", "Xây dựng", 7.0, 0.08, 12),
  a("42102", "F", "Xây dựng Giao thông", 7.4, 0.08, 5, 0.3),
  a("43210", "F", "Lắp đặt Điện", 7.0, 0.1, 2),
  a("45200", "G", "Ô tô", 6.8, 0.2, 2),
  a("46900", "G", "Thương mại", 6.0, 0.45, 14),
  a("46530", "G", "Thiết bị", 6.5, 0.35, 3),
  a("47300", "G", "Xăng dầu", 6.4, 0.35, 3),
  a("47110", "G", "Thương mại và Dịch vụ", 5.6, 0.6, 8),
  a("49331", "H", "Vận tải", 7.5, 0.12, 6),
  a("52101", "H", "Kho vận", 7.2, 0.3, 0.8),
  a("55101", "I", "Khách sạn", 5.4, 0.6, 2.5),
  a("56101", "I", "Nhà hàng", 5.0, 0.62, 2.5),
  a("62010", "J", "Công nghệ Thông tin", 10.0, 0.3, 1.5),
  a("64190", "K", "Tín dụng", 13.0, 0.55, 0.6),
  a("66220", "K", "Bảo hiểm", 12.0, 0.55, 0.4),
  a("68100", "L", "Bất động sản", 9.0, 0.4, 1.5),
  a("71100", "M", "Tư vấn Thiết kế", 9.0, 0.25, 4),
  a("69100", "M", "Tư vấn", 9.5, 0.5, 0.8),
  a("82990", "N", "Dịch vụ", 5.5, 0.5, 2),
  a("79110", "N", "Du lịch", 6.0, 0.55, 1.2),
  a("85590", "P", "Giáo dục", 6.0, 0.75, 1),
  a("86101", "Q", "Y tế", 8.5, 0.65, 0.5),
  a("93290", "R", "Giải trí", 5.0, 0.5, 0.5),
  a("96310", "S", "Dịch vụ Tổng hợp", 4.8, 0.6, 1),
];

export const LARGE_EMPLOYER_ACTIVITIES = ACTIVITIES.filter((x) => x.largeWeight > 0);
