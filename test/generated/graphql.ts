/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What aggregates can be grouped by. Dimensions with a closed list (marked) show every value, with zeros where no unit falls. */
export type Dimension =
  /** Commune before the July 2025 reform (closed list: every commune of the provinces the warehouse covers). */
  | 'COMMUNE'
  /** District before the July 2025 reform (closed list: every district of the provinces the warehouse covers). */
  | 'DISTRICT'
  /** Industrial or economic zone; units outside any zone have a null code. */
  | 'INDUSTRIAL_ZONE'
  /** Legal form (closed list). */
  | 'LEGAL_FORM'
  /** Commune from 1 July 2025, through the crosswalk (closed list). */
  | 'NEW_COMMUNE'
  /** State, non-state, foreign-invested (closed list). */
  | 'OWNERSHIP'
  /** Province from 1 July 2025, through the crosswalk (the provinces units are in). */
  | 'PROVINCE'
  /** VSIC 2018 section A–U (closed list). */
  | 'SECTOR'
  /** Workers band (closed list). */
  | 'SIZE_BAND'
  /** Upper union of the unit's union; units without a union have a null code. */
  | 'UPPER_UNION'
  /** The year asked for (closed list of one value). */
  | 'YEAR';

/** Which employer units to look at. Every field set must hold (AND); `AND`, `OR` and `NOT` combine whole filters. `…In` lists match any of their values; an empty list matches nothing. A unit without a value (e.g. no industrial zone) never matches a condition on it, and does match its `NOT`. */
export type EnterpriseFilterInput = {
  /** Every one of these filters holds. */
  AND?: Array<EnterpriseFilterInput> | null | undefined;
  /** This filter does not hold. */
  NOT?: EnterpriseFilterInput | null | undefined;
  /** At least one of these filters holds. */
  OR?: Array<EnterpriseFilterInput> | null | undefined;
  /** Active in the year (registered, not closed, at 31 December). */
  active?: boolean | null | undefined;
  /** Has a collective agreement in force at 31 December. */
  agreementInForce?: boolean | null | undefined;
  /** Pre-2025 commune (GSO 5-digit code) is one of these. */
  communeCodeIn?: Array<string> | null | undefined;
  /** Pre-2025 district (GSO 3-digit code, e.g. `464` Vĩnh Linh) is one of these. */
  districtCodeIn?: Array<string> | null | undefined;
  /** Has (true) or has not (false) a union in force at 31 December. */
  hasUnion?: boolean | null | undefined;
  /** In some industrial or economic zone (true) or in none (false). */
  inIndustrialZone?: boolean | null | undefined;
  /** Industrial or economic zone (exact name) is one of these. */
  industrialZoneIn?: Array<string> | null | undefined;
  /** Legal form is one of these. */
  legalFormIn?: Array<LegalForm> | null | undefined;
  /** Workers at most this many (units without a workers figure never match). */
  maxWorkers?: number | null | undefined;
  /** Workers at least this many (units without a workers figure never match). */
  minWorkers?: number | null | undefined;
  /** Name contains this text, ignoring case and diacritics (`dien luc` finds `Điện lực`); punctuation separates words and `%`/`_` are plain characters, not wildcards. Needs at least one letter or digit. */
  nameSearch?: string | null | undefined;
  /** 2025 commune (through the crosswalk) is one of these. */
  newCommuneCodeIn?: Array<string> | null | undefined;
  /** Ownership is one of these. */
  ownershipIn?: Array<Ownership> | null | undefined;
  /** 2025 province (through the crosswalk, e.g. `44`) is one of these. */
  provinceCodeIn?: Array<string> | null | undefined;
  /** VSIC section letter (A–U) is one of these. */
  sectorIn?: Array<string> | null | undefined;
  /** Workers band is one of these. */
  sizeBandIn?: Array<SizeBand> | null | undefined;
  /** Tax-registry status is one of these. */
  statusIn?: Array<UnitStatus> | null | undefined;
  /** Tax code is one of these (10 or 13 digits, no separators). */
  taxCodeIn?: Array<string> | null | undefined;
  /** Upper union of the unit's union (exact name) is one of these. */
  upperUnionIn?: Array<string> | null | undefined;
  /** The workers figure came from one of these sources. */
  workersSourceIn?: Array<WorkersSource> | null | undefined;
};

/** Sort order of a list of employer units. */
export type EnterpriseOrder = {
  /** Direction; units without a value come last either way. */
  direction?: SortDirection;
  /** What to sort by. */
  field?: EnterpriseOrderField;
};

/** What to sort employer units by; ties are broken by tax code. */
export type EnterpriseOrderField =
  /** Union members at year end. */
  | 'MEMBERS'
  /** Name, ignoring case and diacritics. */
  | 'NAME'
  /** Registration date. */
  | 'REGISTERED_ON'
  /** Tax code. */
  | 'TAX_CODE'
  /** Workers in the year. */
  | 'WORKERS';

/** Legal form of an employer unit (tax registry `loai_hinh`). */
export type LegalForm =
  /** Chi nhánh (`CHI_NHANH`) */
  | 'CHI_NHANH'
  /** Công ty cổ phần (`CO_PHAN`) */
  | 'CO_PHAN'
  /** Doanh nghiệp nhà nước (`DNNN`) */
  | 'DNNN'
  /** Doanh nghiệp tư nhân (`DNTN`) */
  | 'DNTN'
  /** Công ty hợp danh (`HOP_DANH`) */
  | 'HOP_DANH'
  /** Hợp tác xã (`HTX`) */
  | 'HTX'
  /** Khác (`KHAC`) */
  | 'KHAC'
  /** Công ty TNHH một thành viên (`TNHH_1TV`) */
  | 'TNHH_1TV'
  /** Công ty TNHH hai thành viên trở lên (`TNHH_2TV`) */
  | 'TNHH_2TV'
  /** Văn phòng đại diện (`VP_DAI_DIEN`) */
  | 'VP_DAI_DIEN';

/** Ownership of an employer unit (statistics survey `loai_hinh_so_huu`). */
export type Ownership =
  /** Doanh nghiệp có vốn đầu tư nước ngoài (`FDI`) */
  | 'FDI'
  /** Doanh nghiệp ngoài nhà nước (`NON_STATE`) */
  | 'NON_STATE'
  /** Doanh nghiệp nhà nước (`STATE`) */
  | 'STATE';

/** Band of the unit's workers in the year. */
export type SizeBand =
  /** Từ 5 đến 19 lao động (`5-19`) */
  | 'FROM_5_TO_19'
  /** Từ 20 đến 49 lao động (`20-49`) */
  | 'FROM_20_TO_49'
  /** Từ 50 đến 199 lao động (`50-199`) */
  | 'FROM_50_TO_199'
  /** Từ 200 đến 999 lao động (`200-999`) */
  | 'FROM_200_TO_999'
  /** Từ 1.000 lao động trở lên (`1000+`) */
  | 'FROM_1000'
  /** Dưới 5 lao động (`<5`) */
  | 'UNDER_5';

/** Sort direction; units without a value sort last either way. */
export type SortDirection =
  /** Smallest (or A) first. */
  | 'ASC'
  /** Largest (or Z) first. */
  | 'DESC';

/** Tax-registry status of an employer unit. */
export type UnitStatus =
  /** Đang hoạt động (`ACTIVE`) */
  | 'ACTIVE'
  /** Ngừng hoạt động (`CLOSED`) */
  | 'CLOSED'
  /** Tạm ngừng hoạt động (`SUSPENDED`) */
  | 'SUSPENDED';

/** Which source gave the unit's workers for the year (DOMAIN.md precedence: STATS, then LABOUR_H2, LABOUR_H1, then SI). */
export type WorkersSource =
  /** Báo cáo sử dụng lao động 6 tháng đầu năm (`LABOUR_H1`) */
  | 'LABOUR_H1'
  /** Báo cáo sử dụng lao động 6 tháng cuối năm (`LABOUR_H2`) */
  | 'LABOUR_H2'
  /** Không có nguồn (`NONE`) */
  | 'NONE'
  /** Bảo hiểm xã hội, tháng cuối năm có số liệu (`SI`) */
  | 'SI'
  /** Điều tra doanh nghiệp (Thống kê), 31/12 (`STATS`) */
  | 'STATS';

export type CoverageByDistrictAndSectorQueryVariables = Exact<{
  year?: number | null | undefined;
  minWorkers?: number;
}>;


export type CoverageByDistrictAndSectorQuery = { coverage: { year: number, minWorkers: number, groupBy: Array<Dimension>, rows: Array<{ units: number, unionisedUnits: number, coverageRate: number | null, workers: number, members: number, density: number | null, densityAllInScope: number | null, agreementRate: number | null, keys: Array<{ dimension: Dimension, code: string | null, name: string | null }> }>, total: { units: number, unionisedUnits: number, coverageRate: number | null, workers: number, members: number, density: number | null, densityAllInScope: number | null, agreementRate: number | null } } };

export type UncoveredInDistrictQueryVariables = Exact<{
  year?: number | null | undefined;
  district?: string;
  first?: number;
  after?: string | null | undefined;
}>;


export type UncoveredInDistrictQuery = { uncoveredUnits: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ taxCode: string, name: string, year: number, workers: number | null, workersSource: WorkersSource | null, industrialZone: string | null, commune: { code: string, name: string | null } | null, sector: { code: string, name: string | null } | null, sources: Array<{ agency: string | null, dataset: string, period: string, reportedName: string | null, workers: number | null, linkMethod: string, linkConfidence: number }> }> } };

export type UnitWithSourcesQueryVariables = Exact<{
  taxCode: string;
  asOf?: string | null | undefined;
}>;


export type UnitWithSourcesQuery = { enterprise: { taxCode: string, parentTaxCode: string | null, name: string, year: number, legalForm: LegalForm | null, ownership: Ownership | null, status: UnitStatus | null, registeredOn: string | null, closedOn: string | null, industrialZone: string | null, workers: number | null, workersSource: WorkersSource | null, sizeBand: SizeBand | null, inScope20: boolean, hasUnion: boolean, members: number | null, agreementInForce: boolean, feeDue: number | string | null, feePaid: number | string | null, arrears: number | string | null, sector: { code: string, name: string | null } | null, district: { code: string, name: string | null } | null, commune: { code: string, name: string | null } | null, newCommune: { code: string, name: string | null } | null, province: { code: string, name: string | null } | null, sources: Array<{ agency: string | null, dataset: string, period: string, reportedName: string | null, workers: number | null, linkMethod: string, linkConfidence: number, fileName: string | null, batchId: number, lineNo: number }>, workersHistory: Array<{ year: number, workers: number | null, workersSource: WorkersSource | null, sizeBand: SizeBand | null, active: boolean }>, union: { unionCode: string, name: string, upperUnion: string | null, foundedOn: string, dissolvedOn: string | null } | null, agreements: Array<{ signedOn: string, effectiveOn: string, expiresOn: string, workersCovered: number | null, inForce: boolean }>, siMonths: Array<{ month: string, insuredWorkers: number, salaryFund: number | string, unionFeeDue: number | string }>, finance: Array<{ grain: string, periodStart: string, periodEnd: string, feePaid: number | string, duesPaid: number | string | null, paidOn: string | null }> } };

export type CoverageTableQueryVariables = Exact<{
  year?: number | null | undefined;
  asOf?: string | null | undefined;
  groupBy?: Array<Dimension> | Dimension;
  filter?: EnterpriseFilterInput | null | undefined;
  minWorkers?: number;
}>;


export type CoverageTableQuery = { coverage: { year: number, minWorkers: number, groupBy: Array<Dimension>, rows: Array<{ isTotal: boolean, units: number, unionisedUnits: number, coverageRate: number | null, workers: number, unionisedWorkers: number, members: number, density: number | null, densityAllInScope: number | null, agreementUnits: number, agreementRate: number | null, keys: Array<{ dimension: Dimension, code: string | null, name: string | null }> }>, total: { isTotal: boolean, units: number, unionisedUnits: number, coverageRate: number | null, workers: number, unionisedWorkers: number, members: number, density: number | null, densityAllInScope: number | null, agreementUnits: number, agreementRate: number | null, keys: Array<{ dimension: Dimension, code: string | null, name: string | null }> } } };

export type CoverageMeasuresFragment = { isTotal: boolean, units: number, unionisedUnits: number, coverageRate: number | null, workers: number, unionisedWorkers: number, members: number, density: number | null, densityAllInScope: number | null, agreementUnits: number, agreementRate: number | null, keys: Array<{ dimension: Dimension, code: string | null, name: string | null }> };

export type EnterprisesNestedQueryVariables = Exact<{
  first: number;
  asOf?: string | null | undefined;
}>;


export type EnterprisesNestedQuery = { enterprises: { nodes: Array<{ taxCode: string, sources: Array<{ dataset: string, workers: number | null }>, workersHistory: Array<{ year: number, workers: number | null }>, union: { unionCode: string } | null, unions: Array<{ unionCode: string, inForce: boolean }>, agreements: Array<{ effectiveOn: string, inForce: boolean }>, siMonths: Array<{ month: string, insuredWorkers: number }>, finance: Array<{ periodStart: string, feePaid: number | string }> }> } };

export type EnterprisesPageQueryVariables = Exact<{
  filter?: EnterpriseFilterInput | null | undefined;
  asOf?: string | null | undefined;
  orderBy?: EnterpriseOrder | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;


export type EnterprisesPageQuery = { enterprises: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { taxCode: string, name: string, year: number, workers: number | null, members: number | null, registeredOn: string | null, hasUnion: boolean } }> } };

export type UncoveredUnitsPageQueryVariables = Exact<{
  year?: number | null | undefined;
  minWorkers?: number;
  filter?: EnterpriseFilterInput | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;


export type UncoveredUnitsPageQuery = { uncoveredUnits: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ taxCode: string, name: string, workers: number | null, workersSource: WorkersSource | null, hasUnion: boolean, sources: Array<{ dataset: string, agency: string | null, period: string, workers: number | null, linkMethod: string, linkConfidence: number }> }> } };

export type EnterpriseYearsQueryVariables = Exact<{
  taxCode: string;
}>;


export type EnterpriseYearsQuery = { enterprise: { taxCode: string, workersHistory: Array<{ year: number, workers: number | null, workersSource: WorkersSource | null }> } };

export const CoverageMeasuresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CoverageMeasures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CoverageRow"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isTotal"}},{"kind":"Field","name":{"kind":"Name","value":"keys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedUnits"}},{"kind":"Field","name":{"kind":"Name","value":"coverageRate"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedWorkers"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"density"}},{"kind":"Field","name":{"kind":"Name","value":"densityAllInScope"}},{"kind":"Field","name":{"kind":"Name","value":"agreementUnits"}},{"kind":"Field","name":{"kind":"Name","value":"agreementRate"}}]}}]} as unknown as DocumentNode<CoverageMeasuresFragment, unknown>;
export const CoverageByDistrictAndSectorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CoverageByDistrictAndSector"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"2024"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"coverage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"DISTRICT"},{"kind":"EnumValue","value":"SECTOR"}]}},{"kind":"Argument","name":{"kind":"Name","value":"minWorkers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"minWorkers"}},{"kind":"Field","name":{"kind":"Name","value":"groupBy"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedUnits"}},{"kind":"Field","name":{"kind":"Name","value":"coverageRate"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"density"}},{"kind":"Field","name":{"kind":"Name","value":"densityAllInScope"}},{"kind":"Field","name":{"kind":"Name","value":"agreementRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedUnits"}},{"kind":"Field","name":{"kind":"Name","value":"coverageRate"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"density"}},{"kind":"Field","name":{"kind":"Name","value":"densityAllInScope"}},{"kind":"Field","name":{"kind":"Name","value":"agreementRate"}}]}}]}}]}}]} as unknown as DocumentNode<CoverageByDistrictAndSectorQuery, CoverageByDistrictAndSectorQueryVariables>;
export const UncoveredInDistrictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UncoveredInDistrict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"district"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},"defaultValue":{"kind":"StringValue","value":"464","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uncoveredUnits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"minWorkers"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"districtCodeIn"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"district"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"workersSource"}},{"kind":"Field","name":{"kind":"Name","value":"commune"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sector"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"industrialZone"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agency"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"reportedName"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"linkMethod"}},{"kind":"Field","name":{"kind":"Name","value":"linkConfidence"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UncoveredInDistrictQuery, UncoveredInDistrictQueryVariables>;
export const UnitWithSourcesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UnitWithSources"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taxCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taxCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taxCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"parentTaxCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"legalForm"}},{"kind":"Field","name":{"kind":"Name","value":"ownership"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"closedOn"}},{"kind":"Field","name":{"kind":"Name","value":"sector"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"district"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"commune"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newCommune"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"province"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"industrialZone"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"workersSource"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBand"}},{"kind":"Field","name":{"kind":"Name","value":"inScope20"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnion"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"agreementInForce"}},{"kind":"Field","name":{"kind":"Name","value":"feeDue"}},{"kind":"Field","name":{"kind":"Name","value":"feePaid"}},{"kind":"Field","name":{"kind":"Name","value":"arrears"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agency"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"reportedName"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"linkMethod"}},{"kind":"Field","name":{"kind":"Name","value":"linkConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"batchId"}},{"kind":"Field","name":{"kind":"Name","value":"lineNo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"workersHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"workersSource"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBand"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}},{"kind":"Field","name":{"kind":"Name","value":"union"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unionCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"upperUnion"}},{"kind":"Field","name":{"kind":"Name","value":"foundedOn"}},{"kind":"Field","name":{"kind":"Name","value":"dissolvedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agreements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signedOn"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveOn"}},{"kind":"Field","name":{"kind":"Name","value":"expiresOn"}},{"kind":"Field","name":{"kind":"Name","value":"workersCovered"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}}]}},{"kind":"Field","name":{"kind":"Name","value":"siMonths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"insuredWorkers"}},{"kind":"Field","name":{"kind":"Name","value":"salaryFund"}},{"kind":"Field","name":{"kind":"Name","value":"unionFeeDue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"finance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"grain"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"feePaid"}},{"kind":"Field","name":{"kind":"Name","value":"duesPaid"}},{"kind":"Field","name":{"kind":"Name","value":"paidOn"}}]}}]}}]}}]} as unknown as DocumentNode<UnitWithSourcesQuery, UnitWithSourcesQueryVariables>;
export const CoverageTableDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CoverageTable"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Dimension"}}}}},"defaultValue":{"kind":"ListValue","values":[]}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EnterpriseFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"coverage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"minWorkers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"minWorkers"}},{"kind":"Field","name":{"kind":"Name","value":"groupBy"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CoverageMeasures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CoverageMeasures"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CoverageMeasures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CoverageRow"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isTotal"}},{"kind":"Field","name":{"kind":"Name","value":"keys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedUnits"}},{"kind":"Field","name":{"kind":"Name","value":"coverageRate"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"unionisedWorkers"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"density"}},{"kind":"Field","name":{"kind":"Name","value":"densityAllInScope"}},{"kind":"Field","name":{"kind":"Name","value":"agreementUnits"}},{"kind":"Field","name":{"kind":"Name","value":"agreementRate"}}]}}]} as unknown as DocumentNode<CoverageTableQuery, CoverageTableQueryVariables>;
export const EnterprisesNestedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnterprisesNested"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprises"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"workersHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"union"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unionCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unionCode"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agreements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"effectiveOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}}]}},{"kind":"Field","name":{"kind":"Name","value":"siMonths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"insuredWorkers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"finance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"feePaid"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EnterprisesNestedQuery, EnterprisesNestedQueryVariables>;
export const EnterprisesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnterprisesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EnterpriseFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EnterpriseOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprises"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"registeredOn"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<EnterprisesPageQuery, EnterprisesPageQueryVariables>;
export const UncoveredUnitsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UncoveredUnitsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"EnterpriseFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uncoveredUnits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"minWorkers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minWorkers"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"workersSource"}},{"kind":"Field","name":{"kind":"Name","value":"hasUnion"}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"agency"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"linkMethod"}},{"kind":"Field","name":{"kind":"Name","value":"linkConfidence"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UncoveredUnitsPageQuery, UncoveredUnitsPageQueryVariables>;
export const EnterpriseYearsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnterpriseYears"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taxCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enterprise"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taxCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taxCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxCode"}},{"kind":"Field","name":{"kind":"Name","value":"workersHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"workers"}},{"kind":"Field","name":{"kind":"Name","value":"workersSource"}}]}}]}}]}}]} as unknown as DocumentNode<EnterpriseYearsQuery, EnterpriseYearsQueryVariables>;