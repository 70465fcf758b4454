// Checks of a segment's delays (consultDelay, purchaseDelay): each is a duration distribution in
// minutes, and one whose shortest draw already lies past the horizon would leave every person
// of the segment pending — almost always days written where minutes were meant.
import { count as thousands } from "./errors.js";
import { checkDistribution, type Distribution } from "./fields.js";

/** Minutes per day (as core/codes.ts). */
const DAY_MIN = 1440;

/** What each delay holds back, in the planner's words. */
const HELD: Record<"consultDelay" | "purchaseDelay", string> = {
  consultDelay: "consultation request",
  purchaseDelay: "purchase attempt",
};

/** The least a distribution can draw (0 for the unbounded shapes). */
function shortest(d: Distribution): number {
  if (d.dist === "fixed") return d.value;
  if (d.dist === "uniform") return d.min <= d.max ? d.min : 0;
  return 0;
}

/** Checks a segment's delays at `path` (["segments", name]): issue(path, message) for each problem. */
export function checkDelays(
  segment: { consultDelay?: Distribution; purchaseDelay?: Distribution },
  path: (string | number)[],
  days: number,
  issue: (path: (string | number)[], message: string) => void,
): void {
  for (const key of ["consultDelay", "purchaseDelay"] as const) {
    const d = segment[key];
    if (!d) continue;
    checkDistribution(d, [...path, key], issue);
    const least = shortest(d);
    const inDays = +(least / DAY_MIN).toFixed(2);
    if (least >= days * DAY_MIN)
      issue(
        [...path, key],
        `every ${HELD[key]} of this segment would come after the ${days}-day horizon (the shortest delay is ${thousands(least)} minutes, ${inDays} day${inDays === 1 ? "" : "s"}): delays are in minutes (1 day = 1440)`,
      );
  }
}
