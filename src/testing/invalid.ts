// Invalid scenarios, each with a fragment of the message the validator must give for it: a
// valid generated scenario broken in one known way, in the parsed document (a value out of
// range, a wrong type, an unknown or missing key) or in its text (the byte-level mutations of
// the project's fuzz test whose outcome is known: a control byte in a key, a reserved key, a
// duplicated key, a tab, an unterminated quote).
import fc from "fast-check";
import YAML from "yaml";
import type { ScenarioInput } from "../scenario/schema.js";
import { arbitraryScenario } from "./arbitraries.js";

/** An invalid scenario's YAML text and a fragment of the message it must be refused with. */
export interface InvalidScenario {
  text: string;
  message: string;
}

type Doc = ScenarioInput & Record<string, unknown>;
type Channel = Record<string, unknown>;
const firstChannel = (s: Doc) => s.marketing.channels[0] as unknown as Channel;

/** Breakages of the parsed document: the edit, and the message fragment it must produce. */
const DOCUMENT_BREAKS: { message: string; edit: (s: Doc) => void }[] = [
  {
    message: "marketing.channels.0.reach: Too small",
    edit: (s) => {
      const ch = firstChannel(s);
      delete ch.spend;
      delete ch.cpm;
      ch.reach = -5;
    },
  },
  {
    message: "marketing.channels.0.clickRate: a rate is a fraction between 0 and 1",
    edit: (s) => {
      firstChannel(s).clickRate = 1.5;
    },
  },
  {
    message: "unknown key 'markting': did you mean marketing?",
    edit: (s) => {
      s.markting = 1;
    },
  },
  {
    message: "supply: missing: this key is required",
    edit: (s) => {
      delete (s as Partial<Doc>).supply;
    },
  },
  {
    message: "marketing.channels.0.mix: mix must sum to 1",
    edit: (s) => {
      firstChannel(s).mix = { s0: 0.5 };
    },
  },
  {
    message: "unknown segment 'nobody'",
    edit: (s) => {
      firstChannel(s).mix = { nobody: 1 };
    },
  },
  {
    message: "site.session.dist: unknown dist",
    edit: (s) => {
      s.site.session = { dist: "normal", mean: 3 } as never;
    },
  },
  {
    message: "is after the horizon",
    edit: (s) => {
      s.supply.restock = [{ day: s.horizon.days + 1, units: 1 }];
    },
  },
  {
    message: "site.capacity: expected a whole number ≥ 0 or 'unlimited'",
    edit: (s) => {
      s.site.capacity = "lots" as never;
    },
  },
  {
    message: "segments.s0.consultRate: expected a fraction between 0 and 1",
    edit: (s) => {
      (s.segments.s0 as Record<string, unknown>).consultRate = -0.1;
    },
  },
  {
    message: "sales.handleTime.max: max must be ≥ min",
    edit: (s) => {
      s.sales.handleTime = { dist: "uniform", min: 5, max: 1 };
    },
  },
  {
    message: "supply.stock: expected a whole number of units",
    edit: (s) => {
      s.supply.stock = 2.5;
    },
  },
];

/** Breakages of the text (as the fuzz test mutates bytes), with the message each must produce. */
const TEXT_BREAKS: { message: string; edit: (text: string) => string }[] = [
  // A control byte inside a key (the fuzz test's insertBytes): the key is no longer known.
  { message: "unknown key 'na\\x00me'", edit: (t) => t.replace(/^name:/m, "na\u0000me:") },
  { message: "'__proto__' is a reserved name", edit: (t) => `${t}__proto__: 1\n` },
  // A key line duplicated (the fuzz test's duplicateLine).
  {
    message: "'seed' is given twice",
    edit: (t) => `${t.replace(/^seed:.*\n/m, "")}seed: 4\nseed: 4\n`,
  },
  { message: "Tabs are not allowed as indentation", edit: (t) => t.replace(/\n {2}/, "\n\t") },
  { message: "Missing closing 'quote", edit: (t) => `${t}note: 'unterminated\n` },
  { message: "a scenario must be a YAML mapping of keys", edit: () => "- 1\n" },
];

/**
 * Invalid scenarios as `{ text, message }`: YAML text the validator must refuse, and a fragment
 * of the message (`ScenarioError.message`) it must refuse it with.
 */
export function arbitraryInvalidScenario(): fc.Arbitrary<InvalidScenario> {
  const base = arbitraryScenario({ maxReach: 1000, checkout: false, features: false });
  return fc.oneof(
    fc.tuple(base, fc.nat({ max: DOCUMENT_BREAKS.length - 1 })).map(([s, i]) => {
      const copy = structuredClone(s) as Doc;
      DOCUMENT_BREAKS[i].edit(copy);
      return { text: YAML.stringify(copy), message: DOCUMENT_BREAKS[i].message };
    }),
    fc.tuple(base, fc.nat({ max: TEXT_BREAKS.length - 1 })).map(([s, i]) => ({
      text: TEXT_BREAKS[i].edit(YAML.stringify(s)),
      message: TEXT_BREAKS[i].message,
    })),
  );
}
