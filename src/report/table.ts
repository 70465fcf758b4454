// Text tables for the terminal reports.

/** A column of a text table: its header, its cells, and which side it is aligned to. */
export interface Column {
  header: string;
  cells: string[];
  align: "left" | "right";
}

/** Columns side by side, each as wide as its widest cell, two spaces apart. */
export function table(columns: Column[]): string[] {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((x) => x.length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((x, i) => (columns[i].align === "left" ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join("  ")}`.trimEnd();
  const rows = columns[0]?.cells.length ?? 0;
  return [
    line(columns.map((c) => c.header)),
    ...Array.from({ length: rows }, (_, r) => line(columns.map((c) => c.cells[r]))),
  ];
}
