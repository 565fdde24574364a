/**
 * The seeds of the build that hold code lists, written from the one definition of each
 * list (core/code-lists.ts) and the patterns that read a source's words into its codes.
 * `npm run seeds` writes `etl/models/seeds/<seed>.sql` from here; test/warehouse/seeds.test.ts
 * fails when a committed file differs. The build runs the files as any other model.
 *
 * Patterns are RE2 regular expressions over the folded text (util.fold: lower case, no
 * diacritics, đ → d, non-alphanumerics → one space); the matching pattern with the lowest
 * priority wins.
 */
import {
  LEGAL_FORMS,
  type LegalForm,
  OWNERSHIPS,
  type Ownership,
  SIZE_BANDS,
  UNION_SECTORS,
  UNIT_STATUSES,
  type UnionSector,
  type UnitStatus,
  VSIC_SECTIONS,
} from "../../../core/code-lists.js";

type SqlValue = string | number | null;

/** One seed table: its comment, columns (name → DuckDB type) and rows, in that order. */
export interface SeedTable {
  readonly name: string;
  readonly comment: readonly string[];
  /** The CTE holding the values (`patterns`, `bands`, `ranges`). */
  readonly cte: string;
  readonly columns: Readonly<Record<string, "INTEGER" | "VARCHAR">>;
  readonly rows: readonly (readonly SqlValue[])[];
  /** Rows per line of the VALUES list (default 1). */
  readonly rowsPerLine?: number;
}

interface Pattern<C extends string> {
  readonly priority: number;
  readonly pattern: string;
  readonly code: C;
}

const LEGAL_FORM_PATTERNS: readonly Pattern<LegalForm>[] = [
  { priority: 10, pattern: String.raw`\bchi nhanh\b|^cn\b`, code: "CHI_NHANH" },
  { priority: 20, pattern: String.raw`\bvan phong dai dien\b|\bvpdd\b|\bvp dai dien\b`, code: "VP_DAI_DIEN" },
  { priority: 30, pattern: String.raw`\bdoanh nghiep nha nuoc\b|\bdnnn\b|\bcong ty nha nuoc\b`, code: "DNNN" },
  { priority: 40, pattern: String.raw`(tnhh|trach nhiem huu han).*\b(mot|1) ?(thanh vien|tv)\b|\bmtv\b|\b1tv\b`, code: "TNHH_1TV" },
  { priority: 50, pattern: String.raw`\btnhh\b|\btrach nhiem huu han\b|\b(hai|2) ?(thanh vien|tv)\b`, code: "TNHH_2TV" },
  { priority: 60, pattern: String.raw`\bco phan\b|\bctcp\b|\bcp\b`, code: "CO_PHAN" },
  { priority: 70, pattern: String.raw`\bdoanh nghiep tu nhan\b|\bdntn\b`, code: "DNTN" },
  { priority: 80, pattern: String.raw`\bhop danh\b`, code: "HOP_DANH" },
  { priority: 90, pattern: String.raw`\bhop tac xa\b|\bhtx\b`, code: "HTX" },
];

const UNIT_STATUS_PATTERNS: readonly Pattern<UnitStatus>[] = [
  { priority: 10, pattern: String.raw`\btam ngung\b|\btam dung\b|\bsuspended\b`, code: "SUSPENDED" },
  { priority: 20, pattern: String.raw`\bkhong hoat dong tai dia chi\b`, code: "SUSPENDED" },
  {
    priority: 30,
    pattern: String.raw`\bngung hoat dong\b|\bgiai the\b|\bcham dut\b|\bpha san\b|\bdong ma so thue\b|\bdong mst\b|\bda dong\b|\bclosed\b`,
    code: "CLOSED",
  },
  { priority: 40, pattern: String.raw`\bhoat dong\b|\bactive\b`, code: "ACTIVE" },
];

const OWNERSHIP_PATTERNS: readonly Pattern<Ownership>[] = [
  { priority: 10, pattern: String.raw`\bngoai nha nuoc\b|\bngoai quoc doanh\b|\bnon state\b|\btu nhan\b|\btap the\b`, code: "NON_STATE" },
  { priority: 20, pattern: String.raw`\bnuoc ngoai\b|\bfdi\b|\bforeign\b`, code: "FDI" },
  { priority: 30, pattern: String.raw`\bnha nuoc\b|\bquoc doanh\b|\bstate\b|\bdnnn\b`, code: "STATE" },
];

const UNION_SECTOR_PATTERNS: readonly Pattern<UnionSector>[] = [
  { priority: 10, pattern: String.raw`\bngoai nha nuoc\b|\bngoai quoc doanh\b|\bnnn\b`, code: "NGOAI_NHA_NUOC" },
  { priority: 20, pattern: String.raw`\bhcsn\b|\bhanh chinh\b|\bsu nghiep\b`, code: "HCSN" },
  { priority: 30, pattern: String.raw`\bnghiep doan\b`, code: "NGHIEP_DOAN" },
  { priority: 40, pattern: String.raw`\bfdi\b|\bnuoc ngoai\b`, code: "FDI" },
  { priority: 50, pattern: String.raw`\bdnnn\b|\bnha nuoc\b`, code: "DNNN" },
  { priority: 60, pattern: String.raw`\bkhac\b`, code: "KHAC" },
];

/** Checks that every code of `list` but the fallbacks has a pattern, and returns the rows. */
function patternRows<C extends string>(
  patterns: readonly Pattern<C>[],
  list: readonly { code: C }[],
  withoutPattern: readonly C[],
  extra: (code: C) => readonly SqlValue[] = () => [],
): SqlValue[][] {
  const missing = list.map((e) => e.code).filter((c) => !withoutPattern.includes(c) && !patterns.some((p) => p.code === c));
  if (missing.length) throw new Error(`seed patterns: no pattern reads ${missing.join(", ")}`);
  return patterns.map((p) => [p.priority, p.pattern, p.code, ...extra(p.code)]);
}

/** The first comment line of every pattern seed. */
const PATTERNS_READ = "Patterns: RE2 over the folded text (util.fold); the matching pattern with the lowest priority wins.";

const PATTERN_COLUMNS = (code: string) => ({ priority: "INTEGER", pattern: "VARCHAR", [code]: "VARCHAR" }) as const;

export const SEED_TABLES: readonly SeedTable[] = Object.freeze<SeedTable[]>([
  {
    name: "seed_legal_forms",
    comment: [
      PATTERNS_READ,
      "Legal form (`loai_hinh`) → code. Text that matches no pattern is KHAC.",
      'Branch and representative-office words come first ("Chi nhánh công ty TNHH …" is a',
      'branch), one-member forms before the plain "TNHH" (read as two or more members).',
    ],
    cte: "patterns",
    columns: PATTERN_COLUMNS("legal_form"),
    rows: patternRows(LEGAL_FORM_PATTERNS, LEGAL_FORMS, ["KHAC"]),
  },
  {
    name: "seed_unit_statuses",
    comment: [
      PATTERNS_READ,
      'Tax-registry status (`trang_thai`) → ACTIVE / SUSPENDED / CLOSED. "Tạm ngừng hoạt động" must',
      'be tested before "Ngừng hoạt động", and "không hoạt động tại địa chỉ" before "đang hoạt động".',
      "Text matching no pattern maps to NULL (the text is kept beside it).",
    ],
    cte: "patterns",
    columns: PATTERN_COLUMNS("status"),
    rows: patternRows(UNIT_STATUS_PATTERNS, UNIT_STATUSES, []),
  },
  {
    name: "seed_ownerships",
    comment: [PATTERNS_READ, 'Ownership (`loai_hinh_so_huu` of the statistics survey) → STATE / NON_STATE / FDI ("ngoài nhà nước" before "nhà nước").'],
    cte: "patterns",
    columns: PATTERN_COLUMNS("ownership"),
    rows: patternRows(OWNERSHIP_PATTERNS, OWNERSHIPS, []),
  },
  {
    name: "seed_union_sectors",
    comment: [
      PATTERNS_READ,
      "Union registry sector (`khu_vuc`) → HCSN, DNNN, NGOAI_NHA_NUOC, FDI, NGHIEP_DOAN (text matching",
      "none is KHAC), and the employer ownership each sector implies (used only when the statistics",
      "survey does not give one).",
    ],
    cte: "patterns",
    columns: { ...PATTERN_COLUMNS("sector"), ownership: "VARCHAR" },
    rows: patternRows(UNION_SECTOR_PATTERNS, UNION_SECTORS, [], (code) => [UNION_SECTORS.find((s) => s.code === code)!.ownership]),
  },
  {
    name: "seed_vsic_divisions",
    comment: ["VSIC 2018 (Decision 27/2018/QĐ-TTg): two-digit division ranges → section letter."],
    cte: "ranges",
    columns: { division_from: "INTEGER", division_to: "INTEGER", section: "VARCHAR" },
    rows: VSIC_SECTIONS.map((s) => [s.divisionFrom, s.divisionTo, s.code]),
    rowsPerLine: 6,
  },
  {
    name: "seed_size_bands",
    comment: ["Size bands by workers (both bounds inclusive; an open upper bound is NULL)."],
    cte: "bands",
    columns: { sort_order: "INTEGER", size_band: "VARCHAR", min_workers: "INTEGER", max_workers: "INTEGER" },
    rows: SIZE_BANDS.map((b, i) => [i + 1, b.code, b.minWorkers, b.maxWorkers]),
    rowsPerLine: 3,
  },
]);

const literal = (value: SqlValue): string => (value === null ? "null" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`);

/** The SQL file of a seed table, as committed under etl/models/seeds/. */
export function seedSql(seed: SeedTable): string {
  const names = Object.keys(seed.columns);
  const perLine = seed.rowsPerLine ?? 1;
  const lines: string[] = [];
  for (let i = 0; i < seed.rows.length; i += perLine) {
    lines.push(
      `    ${seed.rows
        .slice(i, i + perLine)
        .map((row) => `(${row.map(literal).join(", ")})`)
        .join(", ")}`,
    );
  }
  return [
    `-- Written by \`npm run seeds\` from core/code-lists.ts and etl/models/seeds/seed-tables.ts: edit those, not this file.`,
    ...seed.comment.map((line) => `-- ${line}`),
    `create or replace table main.${seed.name} as`,
    `with ${seed.cte} (${names.join(", ")}) as (`,
    "  values",
    lines.join(",\n"),
    "),",
    `final as (select ${names.map((n) => `${n}::${seed.columns[n].toLowerCase()} as ${n}`).join(", ")} from ${seed.cte})`,
    "select * from final",
    "",
  ].join("\n");
}

/** The directory of the seed files. */
export const SEEDS_DIR = new URL("./", import.meta.url);
