import { describe, expect, it } from "vitest";
import { makeJob, makeRun } from "../test/fixtures";
import { mergeJob, mergeRun, statusInfo, statusRank } from "./runs";

describe("mergeRun: deliveries arrive out of order", () => {
  const queued = makeRun({ id: 7, status: "queued", updatedAt: "2026-11-22T10:00:00Z" });
  const running = makeRun({ id: 7, status: "in_progress", startedAt: "2026-11-22T10:00:05Z", updatedAt: "2026-11-22T10:00:05Z" });
  const done = makeRun({ id: 7, status: "completed", conclusion: "success", startedAt: "2026-11-22T10:00:05Z", updatedAt: "2026-11-22T10:02:00Z" });

  it("keeps the later updatedAt whatever the arrival order", () => {
    const orders = [[queued, running, done], [done, running, queued], [running, done, queued], [queued, done, running], [done, queued, running], [running, queued, done]];
    for (const order of orders) {
      const result = order.reduce<ReturnType<typeof mergeRun> | undefined>((held, run) => mergeRun(held, run), undefined);
      expect(result).toBe(done);
    }
  });

  it("for equal times, keeps the higher status rank", () => {
    const sameTimeRunning = { ...running, updatedAt: queued.updatedAt };
    expect(mergeRun(queued, sameTimeRunning)).toBe(sameTimeRunning);
    expect(mergeRun(sameTimeRunning, queued)).toBe(sameTimeRunning);
    const sameTimeDone = { ...done, updatedAt: queued.updatedAt };
    expect(mergeRun(sameTimeDone, sameTimeRunning)).toBe(sameTimeDone);
  });

  it("keeps what it holds for an identical duplicate (a redelivery)", () => {
    expect(mergeRun(running, { ...running })).toBe(running);
  });

  it("takes a re-run's new attempt, which GitHub updates later", () => {
    const rerun = makeRun({ id: 7, runAttempt: 2, status: "queued", updatedAt: "2026-11-22T10:05:00Z" });
    expect(mergeRun(done, rerun)).toBe(rerun);
    expect(mergeRun(rerun, done)).toBe(rerun);
  });

  it("ranks statuses as the contract says", () => {
    expect(["requested", "queued", "pending", "waiting"].map(statusRank)).toEqual([0, 0, 0, 0]);
    expect(statusRank("in_progress")).toBe(1);
    expect(statusRank("completed")).toBe(2);
  });
});

describe("mergeJob", () => {
  it("never moves a job backwards and prefers a newer attempt", () => {
    const queued = makeJob({ id: 1, status: "queued" });
    const running = { ...queued, status: "in_progress", startedAt: "2026-11-22T10:00:05Z" };
    const done = { ...running, status: "completed", conclusion: "success", completedAt: "2026-11-22T10:01:00Z" };
    expect(mergeJob(done, running)).toBe(done);
    expect(mergeJob(queued, done)).toBe(done);
    const next = { ...queued, runAttempt: 2 };
    expect(mergeJob(done, next)).toBe(next);
  });
});

describe("statusInfo", () => {
  it("never relies on colour alone: every state has a word and an icon", () => {
    const cases: [string, string | null][] = [["queued", null], ["in_progress", null], ["completed", "success"], ["completed", "failure"], ["completed", "cancelled"], ["completed", "timed_out"], ["waiting", null]];
    for (const [status, conclusion] of cases) {
      const info = statusInfo(status, conclusion);
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.icon.length).toBeGreaterThan(0);
    }
    expect(statusInfo("completed", "failure")).toMatchObject({ label: "Failed", tone: "failure" });
    expect(statusInfo("in_progress", null)).toMatchObject({ label: "In progress", tone: "running" });
  });
});
