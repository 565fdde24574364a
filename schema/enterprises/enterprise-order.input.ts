import { Field, InputType, registerEnumType } from "type-graphql";
import type { EnterpriseOrderField as OrderField } from "../../queries/enterprises.js";
import { SortDirection } from "../common/enums.js";

export const EnterpriseOrderField = Object.freeze({
  TAX_CODE: "TAX_CODE",
  NAME: "NAME",
  WORKERS: "WORKERS",
  MEMBERS: "MEMBERS",
  REGISTERED_ON: "REGISTERED_ON",
} as const satisfies Record<OrderField, OrderField>);

registerEnumType(EnterpriseOrderField, {
  name: "EnterpriseOrderField",
  description: "What to sort employer units by; ties are broken by tax code.",
  valuesConfig: {
    TAX_CODE: { description: "Tax code." },
    NAME: { description: "Name, ignoring case and diacritics." },
    WORKERS: { description: "Workers in the year." },
    MEMBERS: { description: "Union members at year end." },
    REGISTERED_ON: { description: "Registration date." },
  },
});

@InputType({ description: "Sort order of a list of employer units." })
export class EnterpriseOrder {
  @Field(() => EnterpriseOrderField, { defaultValue: EnterpriseOrderField.TAX_CODE, description: "What to sort by." })
  field!: OrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: "Direction; units without a value come last either way." })
  direction!: keyof typeof SortDirection;
}
