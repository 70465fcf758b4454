import { firstWeekday, WEEKDAYS, weekdayOf } from "../scenario/calendar.js";
import type { Scenario } from "../scenario/schema.js";
import { minuteOfDay, type Traffic, type TrafficEvent } from "../scenario/traffic.js";
import { aliasTable } from "./aliasTable.js";
import { DAY_MIN } from "./codes.js";

/** An alias table over a traffic profile's entries: the horizon's hour slots, then the events. */
export interface SlotTable {
  prob: Float64Array;
  alias: Int32Array;
}

/** The traffic profiles of a scenario, compiled for the reach and click kernels. */
export interface TrafficPlan {
  /**
   * One alias table per distinct profile (the campaign's first), each over days × 24 hour slots
   * followed by one entry per event of the scenario: a clicker who draws entry slots + e
   * arrives with event e. Background weights are daily × hourly, scaled to the share the
   * profile's events leave; an event of another profile has weight 0.
   */
  slotTables: SlotTable[];
  /** Profile (index into slotTables) of each channel. */
  channelProfile: Uint8Array;
  /** Minute of the horizon each event starts at. */
  eventStartMin: Float64Array;
  /** Mean minutes of each event's exponential decay: halfLife / ln 2. */
  eventMeanMin: Float64Array;
}

/**
 * Compiles `marketing.traffic` and the channels' own profiles. Events are numbered across the
 * scenario (the campaign's, then each channel's own, in order), so the event clicks of all
 * channels that share an event are placed together. A scenario without events gives the
 * campaign's table exactly as the daily × hourly weights alone.
 */
export function compileTraffic(s: Scenario): TrafficPlan {
  const days = s.horizon.days;
  const slots = days * 24;
  const first = s.horizon.start === undefined ? null : firstWeekday(s.horizon.start);
  const campaign = s.marketing.traffic as Traffic;
  const eventStart: number[] = [];
  const eventMean: number[] = [];
  const number = (events: readonly TrafficEvent[]) =>
    events.map((e) => {
      eventStart.push((e.day - 1) * DAY_MIN + minuteOfDay(e.at));
      eventMean.push(e.halfLife / Math.LN2);
      return eventStart.length - 1;
    });
  const campaignEvents = campaign.events ?? [];
  const campaignIds = number(campaignEvents);
  interface Profile {
    daily: Traffic["daily"];
    hourly: Traffic["hourly"];
    weekdays: Traffic["weekdays"];
    events: readonly TrafficEvent[];
    ids: number[];
  }
  const channelProfiles = s.marketing.channels.map((ch): Profile => {
    const own = (ch as { traffic?: Traffic }).traffic;
    const events = own?.events ?? campaignEvents;
    return {
      daily: own?.daily ?? campaign.daily,
      hourly: own?.hourly ?? campaign.hourly,
      weekdays: own?.weekdays ?? campaign.weekdays,
      events,
      ids: own?.events ? number(own.events) : campaignIds,
    };
  });
  const eventCount = eventStart.length;

  const slotTables: SlotTable[] = [];
  const byKey = new Map<string, number>();
  const tableOf = (p: Profile): number => {
    const key = JSON.stringify([
      p.daily,
      p.hourly,
      p.weekdays ?? null,
      p.ids,
      p.events.map((e) => e.share),
    ]);
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const { daily, hourly, weekdays } = p;
    const weights = new Float64Array(slots + eventCount);
    for (let d = 0; d < days; d++) {
      // A weekday's weight multiplies the day's (only with horizon.start, so a date is known).
      const weekday =
        weekdays && first !== null ? (weekdays[WEEKDAYS[weekdayOf(first, d + 1)]] ?? 1) : 1;
      for (let h = 0; h < 24; h++)
        weights[d * 24 + h] =
          (daily === "uniform" || daily === undefined ? 1 : daily[d]) *
          weekday *
          (hourly === "uniform" || hourly === undefined ? 1 : hourly[h]);
    }
    if (eventCount > 0) {
      // Background weights to a sum of the share the events leave, events to their shares.
      let background = 0;
      for (let i = 0; i < slots; i++) background += weights[i];
      const shares = p.events.reduce((sum, e) => sum + e.share, 0);
      const scale = Math.max(0, 1 - shares) / background;
      for (let i = 0; i < slots; i++) weights[i] *= scale;
      p.ids.forEach((id, k) => {
        weights[slots + id] += p.events[k].share;
      });
    }
    slotTables.push(aliasTable(weights));
    byKey.set(key, slotTables.length - 1);
    return slotTables.length - 1;
  };
  tableOf({
    daily: campaign.daily,
    hourly: campaign.hourly,
    weekdays: campaign.weekdays,
    events: campaignEvents,
    ids: campaignIds,
  });
  const channelProfile = Uint8Array.from(channelProfiles, tableOf);
  return {
    slotTables,
    channelProfile,
    eventStartMin: Float64Array.from(eventStart),
    eventMeanMin: Float64Array.from(eventMean),
  };
}
