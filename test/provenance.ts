// Every --json document and --out file ends with its provenance (engine, date, threads, …):
// what tests of determinism compare is the result before it.

/** A JSON document's text without its provenance (the last key): the result, byte for byte. */
export function resultOf(text: string): string {
  const at = text.lastIndexOf(',\n  "provenance": {');
  if (at < 0) throw new Error(`no provenance at the end of this document: ${text.slice(0, 200)}`);
  return `${text.slice(0, at)}\n}\n`;
}

/** CSV text without its provenance (the `#` lines before the header row). */
export function csvResultOf(text: string): string {
  return text.replace(/^(#[^\n]*\n)+/, "");
}
