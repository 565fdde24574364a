import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "A coded value with its display name (an administrative unit, a VSIC section...)." })
export class CodeName {
  @Field(() => String, { description: "The code as the warehouse keys it (e.g. GSO code `464`, VSIC section `C`)." })
  code!: string;

  @Field(() => String, { nullable: true, description: "Its name, when the reference tables know it." })
  name!: string | null;
}

/** A CodeName, or null when there is no code. */
export function codeName(code: string | null, name: string | null): CodeName | null {
  return code === null ? null : { code, name };
}
