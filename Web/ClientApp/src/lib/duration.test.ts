import { describe, expect, it } from "vitest";
import { between, durationInWords, formatDuration, formatRelative } from "./duration";
import { runTimes } from "./runs";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [999, "0s"],
    [45_000, "45s"],
    [60_000, "1m 00s"],
    [187_000, "3m 07s"],
    [3_600_000, "1h 00m"],
    [3_725_000, "1h 02m"],
    [2 * 86_400_000 + 3 * 3_600_000 + 59_000, "2d 3h"],
  ])("%i ms is %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it("treats negative and invalid input as zero (clock skew between GitHub and the browser)", () => {
    expect(formatDuration(-5000)).toBe("0s");
    expect(formatDuration(Number.NaN)).toBe("0s");
  });

  it("has words for screen readers", () => {
    expect(durationInWords(187_000)).toBe("3 minutes 7 seconds");
    expect(durationInWords(3_601_000)).toBe("1 hour 1 second");
    expect(durationInWords(0)).toBe("0 seconds");
  });
});

describe("between", () => {
  it("measures ISO times and clamps at zero", () => {
    expect(between("2026-11-22T10:00:00Z", "2026-11-22T10:01:30Z")).toBe(90_000);
    expect(between("2026-11-22T10:01:30Z", "2026-11-22T10:00:00Z")).toBe(0);
    expect(between(null, "2026-11-22T10:00:00Z")).toBeNull();
    expect(between("2026-11-22T10:00:00Z", Date.parse("2026-11-22T10:00:05Z"))).toBe(5000);
  });
});

describe("runTimes", () => {
  const now = Date.parse("2026-11-22T10:05:00Z");
  it("ticks the queue time while queued, with no duration yet", () => {
    expect(runTimes({ status: "queued", createdAt: "2026-11-22T10:04:00Z", startedAt: null, updatedAt: "2026-11-22T10:04:00Z" }, now))
      .toEqual({ duration: null, queue: 60_000 });
  });
  it("ticks the duration while running; the queue time is fixed", () => {
    expect(runTimes({ status: "in_progress", createdAt: "2026-11-22T10:00:00Z", startedAt: "2026-11-22T10:00:20Z", updatedAt: "2026-11-22T10:01:00Z" }, now))
      .toEqual({ duration: 280_000, queue: 20_000 });
  });
  it("stops at updatedAt once completed", () => {
    expect(runTimes({ status: "completed", createdAt: "2026-11-22T10:00:00Z", startedAt: "2026-11-22T10:00:20Z", updatedAt: "2026-11-22T10:02:20Z" }, now))
      .toEqual({ duration: 120_000, queue: 20_000 });
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  it("says how long ago", () => {
    expect(formatRelative("2026-11-22T11:59:50Z", now)).toBe("just now");
    expect(formatRelative("2026-11-22T11:55:00Z", now)).toBe("5 min ago");
    expect(formatRelative("2026-11-22T09:00:00Z", now)).toBe("3 h ago");
    expect(formatRelative(null, now)).toBe("—");
  });
});
