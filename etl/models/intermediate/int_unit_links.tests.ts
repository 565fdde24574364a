import { quoteLiteral } from "../../../core/warehouse/sql-text.js";
import { acceptedValues, type DataTest, expression, LINK_METHODS, relationship, uniqueNotNull } from "../../build/model-tests.js";
import { DATASET_IDS } from "../../sources/index.js";

/**
 * The data tests of int_unit_links (the model beside this file), run by the build after the
 * models: one row per source row (unlinked rows counted, never dropped), its methods, datasets
 * and confidences.
 */
export default [
  uniqueNotNull("int_unit_links", ["dataset", "batch_id", "line_no"]),
  acceptedValues("int_unit_links", "method", LINK_METHODS, { allowNull: false }),
  acceptedValues("int_unit_links", "dataset", DATASET_IDS, { allowNull: false }),
  relationship("int_unit_links", "tax_code", "int_employer_units", "tax_code"),
  expression(
    "int_unit_links",
    "confidence in [0, 1]; 1 for exact and analysts' links, 0 exactly when unlinked",
    `select dataset || ' ' || batch_id || ':' || line_no as key from main.int_unit_links
     where confidence is null or confidence < 0 or confidence > 1 or (tax_code is null) <> (confidence = 0)
        or (method in ('EXACT_TAX_CODE', 'TAX_ROOT', 'SI_UNIT_CODE', 'ANALYST_ACCEPTED') and confidence <> 1)`,
  ),
  expression(
    "int_unit_links",
    "one link row per raw row of every dataset (unlinked rows counted, never dropped)",
    `with raw_counts as (${DATASET_IDS.map((d) => `select ${quoteLiteral(d)} as dataset, count(*) as n from raw.${d}`).join(" union all ")}),
          link_counts as (select dataset, count(*) as n from main.int_unit_links group by dataset)
     select r.dataset || ': raw ' || r.n || ', links ' || coalesce(l.n, 0) as key
     from raw_counts r left join link_counts l using (dataset) where r.n <> coalesce(l.n, 0)`,
  ),
] satisfies readonly DataTest[];
