import { stdnum } from "stdnum";
import { badUserInput } from "./user-errors.js";

/**
 * A tax code as the warehouse keys units: 10 digits, or 13 for a branch, check digit
 * valid. Spaces, dots and dashes are tolerated (`3200123456-001`). Anything else is
 * BAD_USER_INPUT, with the reason.
 */
export function parseTaxCode(text: string): string {
  const result = stdnum.VN.mst.validate(text);
  if (!result.isValid) {
    throw badUserInput(`"${text}" is not a tax code (10 digits, or 13 for a branch, with a valid check digit): ${result.error.message}`, {
      argument: "taxCode",
    });
  }
  return result.compact;
}
