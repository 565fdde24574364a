/**
 * Calendar dates as whole days since 1970-01-01 (UTC), and the text forms the agencies
 * write them in. Day numbers keep a million-unit population cheap to hold.
 */

export type Day = number;

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (serial numbers count from 1899-12-30, the 1900 leap-year bug included). */
const EXCEL_EPOCH: Day = Date.UTC(1899, 11, 30) / MS_PER_DAY;

export function dayOf(year: number, month: number, day: number): Day {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function ymdOf(day: Day): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function endOfYear(year: number): Day {
  return dayOf(year, 12, 31);
}

export function endOfMonth(year: number, month: number): Day {
  return dayOf(year, month + 1, 0);
}

/** `day` plus whole months, clamped to the end of the target month (31/01 + 1 = 28/02). */
export function addMonths(day: Day, months: number): Day {
  const { year, month, day: d } = ymdOf(day);
  const target = dayOf(year, month + months, 1);
  const { year: ty, month: tm } = ymdOf(target);
  return Math.min(dayOf(ty, tm, d), endOfMonth(ty, tm));
}

export function asUtcDate(day: Day): Date {
  return new Date(day * MS_PER_DAY);
}

export function excelSerial(day: Day): number {
  return day - EXCEL_EPOCH;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `dd/mm/yyyy`, the agencies' usual form. */
export function formatDmy(day: Day): string {
  const { year, month, day: d } = ymdOf(day);
  return `${pad2(d)}/${pad2(month)}/${year}`;
}

/** `d/m/yyyy`, without leading zeros. */
export function formatDmyShort(day: Day): string {
  const { year, month, day: d } = ymdOf(day);
  return `${d}/${month}/${year}`;
}

/** `yyyy-mm-dd`. */
export function formatIso(day: Day): string {
  const { year, month, day: d } = ymdOf(day);
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

export type MonthStyle = "mm/yyyy" | "yyyy-mm" | "Tháng m/yyyy";

export function formatMonth(year: number, month: number, style: MonthStyle): string {
  switch (style) {
    case "mm/yyyy":
      return `${pad2(month)}/${year}`;
    case "yyyy-mm":
      return `${year}-${pad2(month)}`;
    case "Tháng m/yyyy":
      return `Tháng ${month}/${year}`;
  }
}
