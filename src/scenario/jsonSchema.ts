import * as z from "zod";
import { scenarioSchema } from "./schema.js";

/**
 * JSON Schema (draft-07, what yaml-language-server reads) of the scenario format, generated from
 * the same zod declaration the validator uses. Cross-field rules (mix sums to 1, known
 * segments, one of reach or spend+cpm) are checked by the validator only. Every number may be
 * written as a formula over `params` (src/scenario/formulas.ts), so each number in it also
 * accepts a string starting with `=`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    target: "draft-7",
    io: "input",
    unrepresentable: "any",
  });
  return {
    ...acceptFormulas(schema),
    $id: "https://funnel-sim.local/schema/scenario.schema.json",
    title: "funnel-sim scenario",
    description:
      "A what-if scenario for funnel-sim: marketing reach, the site (IT/hosting), consultants (sales) and stock (supply).",
  };
}

type Node = Record<string, unknown>;
const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null && !Array.isArray(x);

/** The alternative every number gets: a formula. */
const FORMULA: Node = {
  type: "string",
  pattern: "^\\s*=",
  description: 'a formula over params, e.g. "= budget / cpm * 1000"',
};

/** Keywords that describe a field rather than constrain its value: they stay on the field. */
const ANNOTATIONS = new Set(["description", "default", "title", "examples"]);

/**
 * `schema` with every `{type: number}` and `{type: integer}` as `anyOf: [that, a formula]`
 * (the field's description and default stay on the field). A number that is already one
 * option of an anyOf gets the formula as another option of it. `study` is left as it is: its
 * settings are applied later, like --set, and their formulas evaluated then.
 */
function acceptFormulas<T>(schema: T): T {
  const visit = (node: unknown, top = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item));
    if (!isNode(node)) return node;
    const out: Node = {};
    for (const [k, v] of Object.entries(node))
      out[k] =
        k === "properties" && isNode(v)
          ? Object.fromEntries(
              Object.entries(v).map(([name, field]) => [
                name,
                top && name === "study" ? field : visit(field),
              ]),
            )
          : visit(v);
    if (Array.isArray(out.anyOf)) {
      // An option that became [number, formula] (no description of its own) is spliced in.
      const options = (out.anyOf as unknown[]).flatMap((o) =>
        isNode(o) && Object.keys(o).length === 1 && Array.isArray(o.anyOf) ? o.anyOf : [o],
      );
      out.anyOf = options.filter((o, i) => o !== FORMULA || options.indexOf(o) === i);
    }
    if (out.type !== "number" && out.type !== "integer") return out;
    const annotations: Node = {};
    const value: Node = {};
    for (const [k, v] of Object.entries(out)) (ANNOTATIONS.has(k) ? annotations : value)[k] = v;
    return { anyOf: [value, FORMULA], ...annotations };
  };
  return visit(schema, true) as T;
}
