// The planner's words for who owns a loss: the one place department names are declared. A
// leaf module: it imports nothing, so every layer (stages, analysis, report) may use it.

/** The departments a loss is charged to, in the order reports list them. */
export const DEPARTMENTS = ["marketing", "it", "sales", "supply"] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Department names as the planner reads them. */
export const DEPARTMENT_NAME: Record<Department, string> = {
  marketing: "marketing",
  it: "IT/hosting",
  sales: "sales",
  supply: "supply",
};

/**
 * How a loss line's revenue at stake is valued: `ownIntent` — the lost visitors whose own
 * drawn intent was to buy, at the price; `everyAttempt` — every purchase attempt lost there, at
 * the price; `everyConsulted` — every consulted visitor who did not buy (as if all had closed);
 * `perClick` / `perIntent` — marketing's people at what those who did click (or did intend to
 * buy) brought with nothing limited.
 */
export type LedgerBasis =
  | "ownIntent"
  | "everyAttempt"
  | "everyConsulted"
  | "perClick"
  | "perIntent";
