// funnel-sim's WebAssembly kernels (AssemblyScript), built by scripts/kernels.mjs. The host
// side, which owns the memory and the layout of its first page, is src/wasm/kernels.ts; its
// type of these exports is generated from them (src/wasm/kernel-exports.generated.d.ts).
export { mergeClicks, placeDay, placeEvent } from "./click";
// The codes shared with the host (src/core/codes.ts), exported as globals ("Route.consult",
// "SLOT_MIN") so test/wasm/contract.test.ts can check the module was built with the host's.
export * from "./codes.generated";
export { consultCount, consultPass, SEAT_HEAP_ENTRY_BYTES, selectF32 } from "./consult";
export {
  CALENDAR_ENTRY_BYTES,
  calendarBegin,
  calendarGrow,
  calendarInsert,
  calendarPopDue,
  calendarSize,
  calendarUsed,
  hostingBegin,
  hostingCount,
  hostingFailures,
  hostingFirstFull,
  hostingPass,
  RETRY_ENTRY_BYTES,
} from "./hosting";
export { drawClickers } from "./reach";
export { fillExponentials, setTables } from "./rng";
export { drawVisitors, setDists } from "./visit";
