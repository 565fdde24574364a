/**
 * Which sample units are funded wholly by the state budget (ngân sách nhà nước bảo đảm
 * toàn bộ chi thường xuyên), so that from 1 July 2025 they owe no union fee (rates.csv,
 * `union_fee_rate` STATE_BUDGET; docs/DOMAIN.md § Fee exemption). The synthetic province
 * has no public bodies of its own, so the flag falls on half of its education and health
 * units (VSIC sections P and Q, the public-service sectors) and a third of its state-owned
 * units, about 0.7 % of all units, drawn from a stream of its own (`state-budget`): nothing
 * else the generator draws changes. Social insurance writes it on each of the unit's rows
 * (`ngan_sach_bao_dam`).
 */
import type { EmployerUnit } from "./population.js";
import { Random } from "./prng.js";

const PUBLIC_SERVICE_SECTIONS = new Set(["P", "Q"]);

export function isStateBudgetFunded(unit: EmployerUnit, seed: number): boolean {
  const random = Random.stream(seed, "state-budget", unit.index);
  if (PUBLIC_SERVICE_SECTIONS.has(unit.activity.section)) return random.chance(0.5);
  if (unit.ownership === "STATE") return random.chance(1 / 3);
  return false;
}
