// Click: each clicker's arrival minute, in arrival order (kernel: core/stages/click.ts).
import type { StageDeclaration } from "../model/stage.js";

export const click: StageDeclaration = {
  name: "click",
  counters: [{ name: "clicked", doc: "Reached people who clicked: the visitors.", funnel: true }],
  rows: [{ counter: "clicked", label: "clicked", of: "reached" }],
  losses: [],
};
