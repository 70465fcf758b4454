// What a stage of the funnel declares about itself. Everything that lists counters, loss
// causes or capacity limits (the counter array, the report's funnel and losses, the loss
// ledger, explain's coalitions and levers, binding hours, the renderers) reads the list of
// these declarations (src/model/stages.ts); adding a stage is adding a declaration to it.
import type { z } from "zod";
import type { Department, LedgerBasis } from "./vocabulary.js";

/** Any scenario: stage declarations read their own section and never need the whole type. */
// biome-ignore lint/suspicious/noExplicitAny: each declaration reads only its own section.
export type AnyScenario = any;
/** A compiled plan, as the declarations see it (each reads its own part). */
// biome-ignore lint/suspicious/noExplicitAny: each declaration reads only its own part.
export type AnyPlan = any;

/** One counter of a run (a Float64Array slot), counted by the stage that declares it. */
export interface CounterDeclaration {
  name: string;
  /** What it counts (people, minutes, a percentile…), for readers of the JSON. */
  doc: string;
  /**
   * A funnel count: reported under `funnel`, in declaration order (for some plans only, when a
   * function: a count a scenario without the keys it counts does not show).
   */
  funnel?: boolean | ((plan: AnyPlan) => boolean);
  /** The value of a fresh counter (NaN for a minimum or percentile not yet seen). */
  initial?: number;
  /** What it measures: whole people or attempts (the default), minutes, or money. */
  kind?: "count" | "minutes" | "money";
  /**
   * Whether a plan reports it (default: whenever its stage is present): an optional feature
   * of a stage (outages, delays) left out of a scenario leaves its counts, rows and losses out.
   */
  present?(plan: AnyPlan): boolean;
}

/** A funnel row a planner reads in the terminal: a count and the count it is a share of. */
export interface FunnelRow {
  counter: string;
  label: string;
  of: string | null;
}

/** A cause of loss: reached people who did not buy, counted once where they dropped. */
export interface LossDeclaration {
  /** The counter holding the people lost here ("notClicked": reached − clicked). */
  counter: string;
  /** The cause in the planner's words. */
  cause: string;
  /** Who the loss is charged to (a scenario may say, as checkout's abandonDepartment). */
  department: Department | ((plan: AnyPlan) => Department);
  /** Who the planner reads as the owner where the department's name says too little ("IT/payments"). */
  owner?: string;
  /** How the ledger values the people lost here. */
  basis: LedgerBasis;
  /** For `ownIntent`: the counter of those lost who would have bought. */
  wouldBuy?: string;
  /**
   * The stock-out itself: the one line not capped by the stock left unsold (every other
   * line's buyers could only have bought what stock there was).
   */
  stockOut?: boolean;
}

/**
 * People neither bought nor lost when the horizon ends: their delayed request or attempt falls
 * after it. Shown on a line of their own, charged to no department, valued by no ledger.
 */
export interface PendingDeclaration {
  /** Its counter; a plan shows the line when it reports the counter (its `funnel`). */
  counter: string;
  /** What is pending, in the planner's words. */
  cause: string;
  /** Its line in the terminal's losses, under "pending" (46 characters at most). */
  label: string;
}

/**
 * A limit a department can lift: explain relaxes it (coalitions, Shapley shares, binding
 * order), steps it (marginal levers) and finds the hours it binds.
 */
export interface CapacityDeclaration {
  /** Key of the limit in explain's results (`shapley.it`). */
  id: string;
  department: Department;
  /** The limit's owner as the planner reads it ("IT/hosting", "IT/payments"). */
  name: string;
  /** The counterfactual's label: "IT/hosting unlimited". */
  relaxedLabel: string;
  /** Whether the scenario has this limit at all (absent limits are left out of explain). */
  present(s: AnyScenario): boolean;
  /** Whether the scenario marks it `fixed`: a given, never lifted nor stepped. */
  fixed(s: AnyScenario): boolean;
  /** The limit as it stands, for the sentence naming it a given ("10,000 units"). */
  amount(s: AnyScenario): { value: number | "unlimited"; unit: string };
  /**
   * The counter holding the exact minute the limit first turned someone away (NaN: never),
   * where the stage keeps one (the stock's stockOutMin); else the per-hour losses tell the hour.
   */
  firstLossMin?: string;
  /** The scenario with this limit lifted. */
  relax(s: AnyScenario): AnyScenario;
  /**
   * The scenario with the limit set to a whole `value` in the unit of `amount` (`capacity`
   * searches these): amount(withAmount(s, v)).value === v.
   */
  withAmount?(s: AnyScenario, value: number): AnyScenario;
  /** What the limit costs over the horizon as `s` sets it (null: no price given, or unlimited). */
  costOf?(s: AnyScenario): number | null;
  /** One more unit of the limit and what it costs over the horizon (null: no step). */
  step(s: AnyScenario): { lever: string; scenario: AnyScenario; cost: number | null } | null;
  /** Name of the run's per-hour count of people this limit turned away. */
  lostBySlot: string;
  /** The buyers it turned away in a run, from its counters (for "most buyers lost to"). */
  buyersLost: readonly string[];
  /**
   * For headroom: the counter of the people who reach the limit (those entering its stage),
   * and the counters of those it turned away for want of capacity under load (not requests
   * that waited while no consultant was on duty: that is shift cover, not load).
   */
  reaching: string;
  turnedAway: readonly string[];
  /** How much of the limit a run used (0..1, from its counters); null where it is unlimited. */
  utilisation?(plan: AnyPlan, count: (counter: string) => number): number | null;
}

/** Purchase attempts in time order: each attempt's minute and the visitor who makes it. */
export interface Attempts {
  count: number;
  minute: Float64Array;
  visitor: Int32Array;
}

/** What a stage serving purchase attempts is given. */
export interface AttemptContext {
  plan: AnyPlan;
  replication: number;
  counters: Float64Array;
  /** Index of each counter (as core/counters' C). */
  C: Readonly<Record<string, number>>;
  /** Segment of each visitor (by visitor index). */
  segmentOf(visitor: number): number;
  /** The run's per-hour loss column of that name (see CapacityDeclaration.lostBySlot). */
  lostBySlot(name: string): Uint32Array;
  /**
   * A per-day column of the run (RunResult.byDay) of that name, zeroed, for the stage to fill
   * (absent where nothing keeps them, e.g. a stage served on its own).
   */
  byDay?(name: string): Float64Array;
}

/** A stage of the funnel, declared once. */
export interface StageDeclaration {
  name: string;
  /** Its section of the scenario, if it has one of its own beyond the core sections. */
  section?: {
    key: string;
    schema: z.ZodType;
    /** The department whose section it counts as when two scenarios are compared. */
    department: Department;
    /** Checks across fields of the section, and against the rest of the scenario. */
    check?(
      section: AnyScenario,
      issue: (path: (string | number)[], message: string) => void,
      scenario: AnyScenario,
    ): void;
  };
  /** Whether a compiled plan has this stage (an optional stage left out changes nothing). */
  present?(plan: AnyPlan): boolean;
  /** What it compiles into the plan, under plan.stages[name] (numbers and typed arrays). */
  compile?(s: AnyScenario): unknown;
  /**
   * Whether its serveAttempts reads who makes each attempt (Attempts.visitor), always or for
   * some plans only (those whose attempts differ by who makes them).
   */
  needsVisitors?: boolean | ((plan: AnyPlan) => boolean);
  counters: readonly CounterDeclaration[];
  /** Its rows of the terminal's funnel, in the order printed. */
  rows?: readonly FunnelRow[];
  losses: readonly LossDeclaration[];
  /** Its people still pending at the end of the horizon (neither loss nor purchase). */
  pending?: readonly PendingDeclaration[];
  /**
   * Its conservation laws, exact in every run: the counters of `sum` add up to those of
   * `equals` (a counter of an absent feature is 0). Tests hold every run to all of them.
   */
  balances?: readonly { sum: readonly string[]; equals: readonly string[] }[];
  /**
   * For a stage after the decision to buy: the counter of the attempts it receives and of
   * those it passes on, so the chain of such stages is held to conservation too.
   */
  attempts?: { input: string; output?: string };
  capacity?: readonly CapacityDeclaration[];
  /**
   * For stages after the decision to buy: serves the attempts in time order and returns those
   * that go on to the next stage (the same object when nothing changes).
   */
  serveAttempts?(attempts: Attempts, ctx: AttemptContext): Attempts;
}
