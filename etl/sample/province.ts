/**
 * The sample province: the old Quảng Trị (GSO province 45, before 1 July 2025) with its
 * real districts, communes, industrial and economic zones, and union federations.
 */
import { dayOf } from "./calendar.js";
import type { Random } from "./prng.js";
import { type Commune, type District, loadProvinceBefore2025, type Province } from "./reference-data.js";

export const SAMPLE_PROVINCE_CODE = "45";
/** First two digits of the sample's tax codes (commonly listed for Quảng Trị). */
export const SAMPLE_TAX_PREFIX = "32";
export const PROVINCIAL_FEDERATION = "Liên đoàn Lao động tỉnh Quảng Trị";
export const ZONE_UNION = "Công đoàn Khu kinh tế tỉnh Quảng Trị";
/** The district level was abolished on this date; later unions report to the province. */
export const DISTRICT_LEVEL_ABOLISHED = dayOf(2025, 7, 1);

export interface IndustrialZone {
  readonly name: string;
  /** Communes (GSO codes) the zone lies in. */
  readonly communeCodes: readonly string[];
  /** Relative share of the zone's tenants. */
  readonly weight: number;
}

export const INDUSTRIAL_ZONES: readonly IndustrialZone[] = [
  { name: "KCN Nam Đông Hà", communeCodes: ["19351", "19336"], weight: 5 },
  { name: "KCN Quán Ngang", communeCodes: ["19552"], weight: 3 },
  { name: "Khu kinh tế Đông Nam Quảng Trị", communeCodes: ["19684", "19741"], weight: 2 },
  { name: "Khu kinh tế - thương mại đặc biệt Lao Bảo", communeCodes: ["19432", "19456"], weight: 2 },
  { name: "KCN Tây Bắc Hồ Xá", communeCodes: ["19363"], weight: 1 },
];

/** Relative number of employers per district (Đông Hà dominates). */
const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  "461": 38,
  "462": 6,
  "464": 11,
  "465": 9,
  "466": 8,
  "467": 3,
  "468": 6,
  "469": 8,
  "470": 9,
  "471": 0.3,
};

const CITY_STREETS = [
  "Lê Duẩn",
  "Hùng Vương",
  "Quốc lộ 9",
  "Trần Hưng Đạo",
  "Lê Lợi",
  "Nguyễn Huệ",
  "Lý Thường Kiệt",
  "Hàm Nghi",
  "Trần Phú",
  "Đặng Dung",
  "Điện Biên Phủ",
  "Lê Thánh Tông",
  "Nguyễn Trãi",
  "Thành Cổ",
  "Quang Trung",
  "Hai Bà Trưng",
];
const HIGHWAYS = ["Quốc lộ 1", "Quốc lộ 9", "Quốc lộ 49C", "Đường Hồ Chí Minh", "Tỉnh lộ 582", "Đường 9D"];

export class SampleProvince {
  readonly province: Province;
  readonly districts: readonly District[];
  private readonly communeByCode = new Map<string, Commune>();
  private readonly districtWeights: readonly (readonly [District, number])[];

  constructor() {
    this.province = loadProvinceBefore2025(SAMPLE_PROVINCE_CODE);
    this.districts = this.province.districts;
    for (const district of this.districts) for (const commune of district.communes) this.communeByCode.set(commune.code, commune);
    this.districtWeights = this.districts.map((d) => [d, DISTRICT_WEIGHTS[d.code] ?? 1] as const);
  }

  commune(code: string): Commune {
    const commune = this.communeByCode.get(code);
    if (!commune) throw new Error(`commune ${code} is not in province ${SAMPLE_PROVINCE_CODE}`);
    return commune;
  }

  district(code: string): District {
    const district = this.districts.find((d) => d.code === code);
    if (!district) throw new Error(`district ${code} is not in province ${SAMPLE_PROVINCE_CODE}`);
    return district;
  }

  /** A district by weight, then one of its communes (null for Cồn Cỏ, which has none). */
  randomLocation(random: Random): { district: District; commune: Commune | null } {
    const district = random.weighted(this.districtWeights);
    return { district, commune: district.communes.length ? random.pick(district.communes) : null };
  }

  zoneLocation(zone: IndustrialZone, random: Random): { district: District; commune: Commune } {
    const commune = this.commune(random.pick(zone.communeCodes));
    return { district: commune.district, commune };
  }

  /** `Số 12 đường Lê Duẩn, Phường Đông Lễ, Thành phố Đông Hà, Tỉnh Quảng Trị`, `Thôn 3, Xã ...`, `Lô B2, KCN ...`. */
  address(random: Random, district: District, commune: Commune | null, zone: IndustrialZone | null): string {
    const tail = [commune?.name, district.name, this.province.name].filter(Boolean).join(", ");
    if (zone) return `Lô ${random.pick(["A", "B", "C", "CN"])}${random.int(1, 24)}, ${zone.name}, ${tail}`;
    const urban = commune ? /^(Phường|Thị trấn)/.test(commune.name) : false;
    if (urban) {
      const street = district.code === "461" || district.code === "462" ? random.pick(CITY_STREETS) : random.pick(HIGHWAYS);
      return `Số ${random.int(1, 320)} đường ${street}, ${tail}`;
    }
    if (random.chance(0.25)) return `${random.pick(HIGHWAYS)}, Thôn ${random.int(1, 12)}, ${tail}`;
    return `Thôn ${random.int(1, 12)}, ${tail}`;
  }

  /** `Liên đoàn Lao động huyện Vĩnh Linh`, `... thành phố Đông Hà`, `... thị xã Quảng Trị`. */
  districtFederation(district: District): string {
    if (!district.communes.length) return PROVINCIAL_FEDERATION;
    const [kind, ...rest] = district.name.split(" ");
    const lower = kind === "Thành" ? "thành phố" : kind === "Thị" ? "thị xã" : "huyện";
    const place = kind === "Huyện" ? rest.join(" ") : rest.slice(1).join(" ");
    return `Liên đoàn Lao động ${lower} ${place}`;
  }
}
