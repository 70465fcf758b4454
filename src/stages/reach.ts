// Reach: the people each channel reaches, and who of them clicks (kernel: core/stages/reach.ts).
import type { StageDeclaration } from "../model/stage.js";

export const reach: StageDeclaration = {
  name: "reach",
  counters: [{ name: "reached", doc: "People reached by every channel.", funnel: true }],
  rows: [{ counter: "reached", label: "reached", of: null }],
  losses: [
    { counter: "notClicked", cause: "did not click", department: "marketing", basis: "perClick" },
  ],
};
