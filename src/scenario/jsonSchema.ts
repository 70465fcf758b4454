import * as z from "zod";
import { scenarioSchema } from "./schema.js";

/**
 * JSON Schema (draft-07, what yaml-language-server reads) of the scenario format, generated from
 * the same zod declaration the validator uses. Cross-field rules (mix sums to 1, known
 * segments, one of reach or spend+cpm) are checked by the validator only.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    target: "draft-7",
    io: "input",
    unrepresentable: "any",
  });
  return {
    ...schema,
    $id: "https://funnel-sim.local/schema/scenario.schema.json",
    title: "funnel-sim scenario",
    description:
      "A what-if scenario for funnel-sim: marketing reach, the site (IT/hosting), consultants (sales) and stock (supply).",
  };
}
