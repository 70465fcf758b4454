// funnel-sim's WebAssembly kernels (AssemblyScript), built by scripts/kernels.mjs. The host
// side, which owns the memory and every layout, is src/wasm/kernels.ts.
export { placeDay } from "./click";
export { consultCount, consultPass, selectF32 } from "./consult";
export {
  calendarBegin,
  calendarGrow,
  calendarInsert,
  calendarPopDue,
  calendarSize,
  calendarUsed,
  hostingBegin,
  hostingCount,
  hostingPass,
} from "./hosting";
export { drawClickers } from "./reach";
export { fillExponentials, setTables } from "./rng";
export { drawVisitors, setDists } from "./visit";
