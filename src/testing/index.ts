// funnel-sim/testing: fast-check arbitraries of valid and invalid scenarios, and the funnel's
// invariants checked on one scenario, for testing your own plans and extensions.
export {
  arbitraryDistribution,
  arbitraryScenario,
  between,
  type FixedParts,
  type ScenarioOptions,
  spread,
} from "./arbitraries.js";
export { arbitraryInvalidScenario, type InvalidScenario } from "./invalid.js";
export {
  checkInvariants,
  conservationName,
  INVARIANTS,
  nonNegativeName,
  type ScenarioRun,
  wholeCountName,
} from "./invariants.js";
