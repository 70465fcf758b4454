import { expect, test } from "vitest";
import { Route } from "../../src/core/codes.js";
import { C, newCounters } from "../../src/core/counters.js";
import { reachUnits } from "../../src/core/pipeline.js";
import { orderClicks } from "../../src/core/stages/click.js";
import { hosting } from "../../src/core/stages/hosting.js";
import { reachBlock } from "../../src/core/stages/reach.js";
import { drawVisitors } from "../../src/core/stages/visit.js";
import { compile, loadScenario } from "../../src/index.js";
import { kernelMemory } from "../../src/wasm/kernels.js";

test("an unlimited site with ~140,000 sessions open at once: nobody lost, every exit in time order (the calendar's pool grows)", () => {
  // ~300,000 visitors over 30 days, each staying ~2 weeks: most sessions are open at once.
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      "marketing.channels.0.reach=3000000",
      "site.capacity=unlimited",
      "site.session={dist: exponential, mean: 20000}",
    ]),
  );
  kernelMemory().releaseAll();
  const blocks = reachUnits(plan).map((u) => reachBlock(plan, 0, u.channel, u.block, u.agents));
  const v = drawVisitors(plan, 0, orderClicks(plan, 0, blocks));
  const counters = newCounters();
  const exits = hosting(v, plan.siteCapacity, plan.meanSessionMin, counters);
  expect(counters[C.lostHosting]).toBe(0);
  expect(counters[C.peakSessions]).toBeGreaterThan(4 * (1 << 14) + 1); // past the first pool

  // The exits are the session ends of who asks and who buys directly, sorted.
  const arrival = v.arrivalMin;
  const session = v.sessionMin;
  const route = v.route;
  const requests: number[] = [];
  const directs: number[] = [];
  for (let i = 0; i < v.count; i++) {
    if (route[i] & Route.bounce) continue;
    const intent = route[i] & Route.intentMask;
    if (intent === Route.consult) requests.push(arrival[i] + session[i]);
    if (intent === Route.direct) directs.push(arrival[i] + session[i]);
  }
  const ascending = (a: number, b: number) => a - b;
  expect(Array.from(exits.requestMin)).toEqual(requests.sort(ascending));
  expect(Array.from(exits.directMin)).toEqual(directs.sort(ascending));
});
