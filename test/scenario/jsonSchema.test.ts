// The JSON Schema editors read: every field documented (with its unit) for hover, and the
// shipped file in step with the zod declaration it is generated from.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/jsonSchema.js";

type Node = Record<string, unknown>;
const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Paths of the fields without a description: every property, record value and list item, at
 * any depth, through anyOf/oneOf/allOf branches (a branch is not a field: its own fields are).
 */
function undescribed(node: Node, at = ""): string[] {
  const missing: string[] = [];
  const field = (child: unknown, path: string) => {
    if (!isNode(child)) return;
    if (typeof child.description !== "string" || child.description.trim() === "")
      missing.push(path);
    missing.push(...undescribed(child, path));
  };
  if (isNode(node.properties))
    for (const [key, child] of Object.entries(node.properties)) field(child, `${at}.${key}`);
  field(node.additionalProperties, `${at}.*`);
  if (Array.isArray(node.items))
    node.items.forEach((item, i) => {
      field(item, `${at}[${i}]`);
    });
  else field(node.items, `${at}[]`);
  for (const key of ["anyOf", "oneOf", "allOf"])
    if (Array.isArray(node[key]))
      (node[key] as unknown[]).forEach((branch, i) => {
        if (isNode(branch)) missing.push(...undescribed(branch, `${at}|${key}[${i}]`));
      });
  return missing;
}

describe("schema/scenario.schema.json", () => {
  const schema = scenarioJsonSchema();

  it("every field has a description", () => {
    expect(undescribed(schema)).toEqual([]);
    expect(schema.description).toBeTruthy();
  });

  it("the walk reaches fields inside lists, records and distribution variants", () => {
    // Guards the test above against walking nothing: a few fields it must have seen.
    const probe = (node: Node): string[] => {
      const stripped = JSON.parse(JSON.stringify(node), (k, v) =>
        k === "description" ? undefined : v,
      );
      return undescribed(stripped);
    };
    expect(probe(schema)).toEqual(
      expect.arrayContaining([
        ".marketing.channels[].clickRate",
        ".marketing.channels[].mix.*",
        ".segments.*.closeRate",
        ".site.session|oneOf[2].sd",
        ".sales.shifts[].hours[0]",
        ".supply.restock[].day",
        ".marketing.traffic.hourly|anyOf[1][]",
      ]),
    );
  });

  it("units are named where a field has one", () => {
    const props = (node: unknown, ...path: string[]): Node =>
      path.reduce((n, key) => (n.properties as Record<string, Node>)[key], node as Node);
    const describedAs = (node: Node) => String(node.description);
    expect(describedAs(props(schema, "horizon", "days"))).toMatch(/in days/);
    expect(describedAs(props(schema, "site", "bounceRate"))).toMatch(/a fraction 0–1/);
    expect(describedAs(props(schema, "supply", "price"))).toMatch(/currency per unit/);
    expect(describedAs(props(schema, "site", "capacity"))).toMatch(/whole number of sessions/);
    const restock = props(schema, "supply", "restock").items as Node;
    expect(describedAs(props(restock, "day"))).toMatch(/1-based day of the horizon/);
  });

  it("the shipped file is the generated one (npm run schema)", () => {
    const shipped = JSON.parse(readFileSync("schema/scenario.schema.json", "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});
