import { codes, UNION_SECTORS } from "../../../core/code-lists.js";
import { formatTaxCodeSql } from "../../../queries/tax-code.js";
import { acceptedValues, type DataTest, expression, relationship, uniqueNotNull } from "../../build/model-tests.js";

/**
 * The data tests of int_unions (the model beside this file), run by the build after the models:
 * the grain, the sectors, the linked units and no two unions in force at once without cause.
 */
export default [
  uniqueNotNull("int_unions", ["union_code"]),
  acceptedValues("int_unions", "sector", codes(UNION_SECTORS)),
  relationship("int_unions", "tax_code", "dim_employer_unit", "tax_code"),
  expression(
    "int_unions",
    "no unit has two unions in force at once unless the data says so (valid tax codes, analysts' ACCEPTs)",
    `select a.union_code || ' & ' || b.union_code || ' -> ' || ${formatTaxCodeSql("a.tax_code")} as key
     from main.int_unions a
     join main.int_unions b on b.tax_code = a.tax_code and b.union_code > a.union_code
      and coalesce(a.founded_on < b.dissolved_on, true) and coalesce(b.founded_on < a.dissolved_on, true)
     where a.link_method in ('FUZZY_NAME', 'TAX_CODE_VARIANT') or b.link_method in ('FUZZY_NAME', 'TAX_CODE_VARIANT')`,
  ),
] satisfies readonly DataTest[];
