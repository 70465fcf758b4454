import * as z from "zod";
import { atMost, BOUNDS, bounded } from "./bounds.js";
import { label } from "./names.js";

// A what-if study a scenario carries about itself: which keys to vary (a full grid), named
// variants, and how many replications. Declared here so editors complete it; points are built
// and checked by src/analysis/studyPoints.ts, each as if its settings were `--set` overrides.

/** Most points a grid may have unless `--max-points` allows more. */
export const MAX_POINTS = BOUNDS.varyValues.max;

/** Reserved vary keys: factors on the scenario rather than key paths. */
export const STUDY_FACTORS = {
  traffic:
    "A factor on every channel's reach (7 for the case's 7×); spend and budget stay, so cost per contact falls",
  budget:
    "A factor on the marketing budget: each bought channel's spend (or reach, if given as reach) scales with it at its own cost per contact; owned channels stay",
} as const;
export type StudyFactor = keyof typeof STUDY_FACTORS;

const scalar = z.union([z.number(), z.string(), z.boolean()]);
const value = z
  .union([
    scalar,
    z
      .record(z.string(), z.unknown().describe("A key of the value"))
      .describe("A mapping, e.g. a distribution {dist: fixed, value: 3} or a shift"),
  ])
  .describe("A value of the key, as it would be written in the scenario");
const range = z
  .strictObject({
    from: z.number().describe("First value"),
    to: z.number().describe("Last value (included when a whole number of steps away)"),
    step: z.number().describe("Step between values (not 0; negative to count down)"),
  })
  .describe("Values from `from` to `to` by `step`");
const values = (description: string) =>
  bounded(
    z.union([
      z
        .array(value)
        .min(1, { error: "give at least one value" })
        .max(BOUNDS.varyValues.max, { error: atMost(BOUNDS.varyValues, "values") }),
      range,
    ]),
    BOUNDS.varyValues,
    "values",
  ).describe(description);

type VaryValues = z.output<ReturnType<typeof values>>;
type VaryInput = z.input<ReturnType<typeof values>>;

const factor = (name: StudyFactor) =>
  values(`${STUDY_FACTORS[name]}: a list of factors, or {from, to, step}`).optional();

/** The `study:` block of a scenario. */
export const studySchema = z
  .strictObject({
    replications: z
      .int({ error: "expected a whole number of replications" })
      .min(1)
      .max(10_000)
      .optional()
      .describe("Replications per point (default 10); --replications overrides it"),
    // Typed as a record: the object-with-catchall type zod infers ({traffic?: V; [key]: V})
    // is not valid TypeScript once written to a declaration file for library users.
    vary: (
      bounded(
        z
          .object({ traffic: factor("traffic"), budget: factor("budget") })
          .catchall(
            values(
              "Values of a key path (as --set would take it, e.g. sales.consultants): a list, or {from, to, step}",
            ),
          )
          .meta({ maxProperties: BOUNDS.varyKeys.max }),
        BOUNDS.varyKeys,
        "keys to vary",
      ) as z.ZodType<Record<string, VaryValues | undefined>, Record<string, VaryInput | undefined>>
    )
      .optional()
      .describe(
        "Keys to vary, each with its values: every combination is a point (a full grid). `traffic` and `budget` are factors; any other key is a dot path into the scenario",
      ),
    variants: bounded(
      z
        .array(
          z
            .strictObject({
              name: label("a variant's name").describe("Name of the variant, shown in the report"),
              set: bounded(
                z.record(z.string().min(1), value).meta({ maxProperties: BOUNDS.variantKeys.max }),
                BOUNDS.variantKeys,
                "keys",
              ).describe(
                "Key path → value, as --set would take them; `traffic` and `budget` are factors",
              ),
              note: label("a variant's note")
                .optional()
                .describe("What the variant stands for, shown beside it"),
            })
            .describe("A named what-if: the scenario with these keys set"),
        )
        .max(BOUNDS.variants.max, { error: atMost(BOUNDS.variants, "variants") }),
      BOUNDS.variants,
      "variants",
    )
      .optional()
      .describe("Named what-ifs for `funnel-sim whatif`, ranked by the revenue they add"),
  })
  .describe(
    "A what-if study over this scenario, for `funnel-sim sweep` (vary) and `funnel-sim whatif` (variants)",
  );
export type StudyInput = z.infer<typeof studySchema>;
