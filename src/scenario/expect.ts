import * as z from "zod";
import { CAPACITIES, COUNTERS, LOSSES } from "../model/stages.js";
import { printable, quoted } from "./errors.js";
import { type AstNode, type Checked, check, FUNCTIONS, type FunctionSpec } from "./formulas.js";
import { closestKey } from "./unknownKeys.js";

// `expect:` — statements a plan should meet, over the figures of its report:
//
//   expect:
//     - revenue >= 1000000
//     - lostStock == 0
//     - share(lostHosting, clicked) < 0.01
//     - verdict != sales
//
// Each is one comparison between two expressions in the formulas' safe subset (formulas.ts:
// arithmetic, min, max, round …) plus share(a, b) = a / b, read by the same parser and checked
// here when the scenario is read, so a bad statement is an error located at its line. They are
// evaluated on the report (src/analysis/expect.ts), run by run.

/** The report's KPIs a statement may name (Report.kpi). */
export const KPI_FIGURES = [
  "costPerContact",
  "costPerClick",
  "costPerSale",
  "clickRate",
  "siteServiceRate",
  "consultServiceRate",
  "closeRate",
  "stockServiceRate",
  "clickToPurchase",
  "reachToPurchase",
] as const;

/** The report's profit figures a statement may name (Report.profit, for a priced scenario). */
export const PROFIT_FIGURES = [
  "marketingCost",
  "goodsCost",
  "siteCost",
  "salesCost",
  "paymentCost",
  "fixedCost",
  "totalCost",
  "grossProfit",
  "roi",
  "marketingCostPerSale",
  "marketingCostPerProfit",
] as const;

/** Funnel counters (every stage's) and loss counters ("notClicked", "lostAbandonBusy" …). */
export const COUNT_FIGURES: readonly string[] = [
  ...new Set([
    ...COUNTERS.filter((c) => c.funnel !== undefined && c.funnel !== false).map((c) => c.name),
    ...LOSSES.map((l) => l.counter),
  ]),
];

/** Every name a statement may use as a number. */
export const FIGURES: readonly string[] = [
  ...COUNT_FIGURES,
  "revenue",
  ...KPI_FIGURES,
  ...PROFIT_FIGURES,
];

/** What `verdict` may be compared with: the capacity limits explain names, or none. */
export const VERDICT_VALUES: readonly string[] = [...CAPACITIES.map((c) => c.id), "none"];

/** The functions a statement may call: the formulas', and share(a, b). */
export const EXPECT_FUNCTIONS: Record<string, FunctionSpec> = {
  ...FUNCTIONS,
  share: { min: 2, max: 2, usage: "share(a, b) (a / b)" },
};

/** Most statements in `expect:`. */
export const MAX_STATEMENTS = 200;

export type Comparison = "equal" | "unequal" | "smaller" | "larger" | "smallerEq" | "largerEq";
const COMPARISON: Record<string, Comparison> = {
  equal: "equal",
  unequal: "unequal",
  smaller: "smaller",
  larger: "larger",
  smallerEq: "smallerEq",
  largerEq: "largerEq",
};
/** Each comparison as written. */
export const COMPARISON_SIGN: Record<Comparison, string> = {
  equal: "==",
  unequal: "!=",
  smaller: "<",
  larger: ">",
  smallerEq: "<=",
  largerEq: ">=",
};

/** A statement as read: its two sides, the comparison between them, the figures it names. */
export type Statement =
  | {
      kind: "figures";
      source: string;
      op: Comparison;
      left: Checked;
      right: Checked;
      names: Set<string>;
    }
  | { kind: "verdict"; source: string; op: "equal" | "unequal"; department: string };

const ONE_COMPARISON =
  "a statement is one comparison of report figures, e.g. revenue >= 1000000 or share(lostHosting, clicked) < 0.01";

/** Reads one statement: the statement, or a message saying what is wrong with it. */
export function readStatement(text: string): Statement | string {
  const source = printable(text.trim());
  const inStatement = `in the statement "${source}"`;
  if (text.trim() === "") return `the statement is empty: ${ONE_COMPARISON}`;
  const checked = check(text, source, EXPECT_FUNCTIONS, 0);
  if (typeof checked === "string")
    return checked
      .replaceAll('the formula "', 'the statement "')
      .replaceAll("formula", "statement");
  let root = checked.root;
  while (root.type === "ParenthesisNode") root = root.content as AstNode;
  let op: Comparison | undefined;
  let sides: AstNode[] = [];
  if (root.type === "OperatorNode" && COMPARISON[root.fn as string]) {
    op = COMPARISON[root.fn as string];
    sides = root.args as AstNode[];
  } else if (root.type === "RelationalNode" && root.conditionals?.length === 1) {
    op = COMPARISON[root.conditionals[0]];
    sides = root.params as AstNode[];
  }
  if (!op || sides.length !== 2) return `${ONE_COMPARISON} (${inStatement})`;
  // Each side is a number: a second comparison, or and/or/not/?:, has no place in it.
  const nested = (node: AstNode): boolean => {
    if (node.type === "RelationalNode" || node.type === "ConditionalNode") return true;
    if (node.type === "ConstantNode" && typeof node.value === "boolean") return true;
    if (
      node.type === "OperatorNode" &&
      (COMPARISON[node.fn as string] || ["and", "or", "not"].includes(node.fn as string))
    )
      return true;
    const children = [
      ...(node.args ?? []),
      ...(node.params ?? []),
      ...(node.content ? [node.content] : []),
    ];
    return children.some(nested);
  };
  if (sides.some(nested))
    return `one comparison per statement, each side a number (write two statements for two conditions) ${inStatement}`;

  if (checked.names.has("verdict")) {
    const [a, b] = sides;
    const symbol = (n: AstNode) => (n.type === "SymbolNode" ? (n.name as string) : undefined);
    const other = symbol(a) === "verdict" ? symbol(b) : symbol(b) === "verdict" ? symbol(a) : null;
    if (other === null || other === undefined || (op !== "equal" && op !== "unequal"))
      return `verdict is the department explain names: compare it with == or != to one of ${VERDICT_VALUES.join(", ")} (verdict != sales) ${inStatement}`;
    if (!VERDICT_VALUES.includes(other)) {
      const meant = closestKey(other, VERDICT_VALUES);
      return `unknown department ${quoted(other)} for verdict${meant ? `: did you mean ${meant}?` : ""} (${VERDICT_VALUES.join(", ")}) ${inStatement}`;
    }
    return { kind: "verdict", source, op, department: other };
  }
  for (const name of checked.names) {
    if (FIGURES.includes(name)) continue;
    if (Object.hasOwn(EXPECT_FUNCTIONS, name))
      return `${quoted(name)} is a function: call it, ${EXPECT_FUNCTIONS[name].usage}, ${inStatement}`;
    if (VERDICT_VALUES.includes(name))
      return `${quoted(name)} is a department: compare verdict with it (verdict != ${name}) ${inStatement}`;
    const meant = closestKey(name, [...FIGURES, "verdict"]);
    return `unknown figure ${quoted(name)}${meant ? `: did you mean ${printable(meant)}?` : ""} (figures: the funnel and loss counters, revenue, the KPIs, the profit figures and verdict; see README, "Checking plans") ${inStatement}`;
  }
  const side = (node: AstNode): Checked => {
    const names = new Set<string>();
    const walk = (n: AstNode) => {
      if (n.type === "SymbolNode") names.add(n.name as string);
      for (const c of [...(n.args ?? []), ...(n.params ?? []), ...(n.content ? [n.content] : [])])
        walk(c);
    };
    walk(node);
    return { source, root: node, names };
  };
  return {
    kind: "figures",
    source,
    op,
    left: side(sides[0]),
    right: side(sides[1]),
    names: checked.names,
  };
}

/** `expect:` as validated: each statement read and checked (names, one comparison). */
export const expectSchema = z
  .array(
    z
      .string({ error: 'expected a statement as a string, e.g. "revenue >= 1000000"' })
      .superRefine((text, ctx) => {
        const read = readStatement(text);
        if (typeof read === "string") ctx.addIssue({ code: "custom", message: read });
      })
      .describe(
        "A statement over the report's figures: one comparison, e.g. revenue >= 1000000, lostStock == 0, share(lostHosting, clicked) < 0.01, verdict != sales",
      ),
  )
  .max(MAX_STATEMENTS, { error: `at most ${MAX_STATEMENTS} statements` })
  .describe(
    "Statements the plan should meet, over the report's figures (funnel and loss counters, revenue, KPIs, profit, verdict): `run` and `check` say of each whether it holds, fails or is undecided at the replications run",
  );

/** The statements of a validated scenario's `expect:`, read (they passed validation). */
export function statementsOf(expect: readonly string[] | undefined): Statement[] {
  return (expect ?? []).map((text) => {
    const read = readStatement(text);
    if (typeof read === "string") throw new Error(read);
    return read;
  });
}
