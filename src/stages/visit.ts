// Visit: each visitor's own draws — bounce, intent, close, session, patience, handle time —
// independent of every capacity (kernel: core/stages/visit.ts). It counts nothing itself: the
// site and consult stages count what those draws lead to.
import type { StageDeclaration } from "../model/stage.js";

export const visit: StageDeclaration = { name: "visit", counters: [], losses: [] };
