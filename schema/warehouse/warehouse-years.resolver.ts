import { Ctx, Query, Resolver } from "type-graphql";
import { warehouseYears } from "../../queries/warehouse-years.js";
import type { ApiContext } from "../context.js";
import { WarehouseYears } from "./warehouse-years.type.js";

@Resolver()
export class WarehouseYearsResolver {
  @Query(() => WarehouseYears, {
    description:
      "The years the warehouse holds and the latest, for every key (they are the same for every scope): e.g. a dashboard's year list. Read once per warehouse version.",
  })
  async warehouseYears(@Ctx() { db }: ApiContext): Promise<WarehouseYears> {
    const { years, latest } = await warehouseYears(db);
    return { years: [...years], latest };
  }
}
