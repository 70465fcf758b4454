import { createRequire } from "node:module";

const lazyRequire = createRequire(import.meta.url);

/** A progress bar on stderr (cli-progress), only when stderr is a terminal and there is work to count. */
export function progressBar(label: string, total: number): { tick: () => void; stop: () => void } {
  // Count first: a single run never touches stderr, whose stream costs start-up time to create
  // (docs/performance.md).
  if (total <= 1 || !process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const { SingleBar, Presets } = lazyRequire("cli-progress") as typeof import("cli-progress");
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} · {duration}s`,
      stream: process.stderr,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  let stopped = false;
  return {
    tick: () => bar.increment(),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
