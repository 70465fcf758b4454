// Headless Chromium as the report tests and the README's screenshots start it: Debian's
// package (or CHROMIUM_PATH), with the flags that keep it from reaching the network itself.
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
