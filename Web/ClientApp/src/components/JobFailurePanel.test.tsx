import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobFailure } from "../api/types";
import { makeJob } from "../test/fixtures";
import { JobFailurePanel } from "./JobFailurePanel";

const job = makeJob({ id: 5, runId: 77, name: "test", status: "completed", conclusion: "failure" });

const failure: JobFailure = {
  jobId: 5, jobName: "test", runId: 77, runAttempt: 1, status: "completed", conclusion: "failure",
  failedStep: { number: 3, name: "Run tests" },
  logTail: [
    { time: "2026-12-04T08:00:01.0000000Z", text: "##[group]Run dotnet test" },
    { time: "2026-12-04T08:00:02.5000000Z", text: "  Failed Parser_reads_quoted_names [12 ms]" },
    { time: "2026-12-04T08:00:03.0000000Z", text: "##[error]Process completed with exit code 1." },
  ],
  logTruncated: true, logAvailable: true,
  annotations: [
    { path: ".github", startLine: 1, endLine: 1, level: "failure", message: "Process completed with exit code 1.", title: null },
    { path: "tests/ParserTests.cs", startLine: 42, endLine: 42, level: "failure", message: "Assert.Equal() Failure", title: "Parser_reads_quoted_names failed" },
  ],
  pullRequests: [{ number: 41, htmlUrl: "https://github.com/octo-org/octo-repo/pull/41" }, { number: 42, htmlUrl: "javascript:alert(1)" }],
  htmlUrl: "https://github.com/octo-org/octo-repo/actions/runs/77/job/5",
  stale: false, fetchedAt: "2026-12-04T08:01:00Z",
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

let fetchMock: ReturnType<typeof vi.fn>;

describe("JobFailurePanel", () => {
  beforeEach(() => {
    fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === "/api/repos/octo-org/octo-repo/jobs/5/failure") return json(failure);
      if (url === "/api/repos/octo-org/octo-repo/jobs/5/rerun" && init?.method === "POST") return json({ status: "requested" }, 202);
      return json({ title: "Not found" }, 404);
    });
    vi.stubGlobal("fetch", fetchMock);
  });

  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows the failed step, the log tail with errors marked, and annotations as file:line message, files first", async () => {
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={job} canRerun={false} />);

    expect(await screen.findByText("Run tests")).toBeTruthy();
    expect(screen.getByText(/Failed at step 3/)).toBeTruthy();
    const log = screen.getByLabelText("Last lines of the log of Run tests");
    expect(log.tagName).toBe("PRE");
    expect(log.textContent).toContain("Failed Parser_reads_quoted_names");
    expect(log.querySelector(".log-error")?.textContent).toContain("Error: Process completed with exit code 1.");
    expect(log.querySelector(".log-error")?.getAttribute("title")).toBe("2026-12-04T08:00:03.0000000Z");
    expect(screen.getByText(/Only the last 3 lines/)).toBeTruthy();
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual([
      "tests/ParserTests.cs:42 Parser_reads_quoted_names failed: Assert.Equal() Failure",
      ".github:1 Process completed with exit code 1.",
    ]);
    expect(screen.queryByRole("button", { name: /Re-run this job/ })).toBeNull();
  });

  it("links the run's pull requests, but never a URL that is not http(s)", async () => {
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={job} canRerun={false} />);

    const link = await screen.findByRole("link", { name: /#41/ });
    expect(link.getAttribute("href")).toBe("https://github.com/octo-org/octo-repo/pull/41");
    expect(screen.queryByRole("link", { name: /#42/ })).toBeNull();
    expect(screen.getByText(/#42/)).toBeTruthy();
  });

  it("re-runs the job with a POST when the user may and confirms, and says so", async () => {
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={job} canRerun />);

    fireEvent.click(await screen.findByRole("button", { name: /Re-run this job/ }));
    expect(fetchMock).not.toHaveBeenCalledWith("/api/repos/octo-org/octo-repo/jobs/5/rerun", expect.anything());
    fireEvent.click(screen.getByRole("button", { name: "Yes, re-run this job" }));

    await waitFor(() => expect(screen.getByText(/Re-run of test requested/)).toBeTruthy());
    expect(fetchMock).toHaveBeenCalledWith("/api/repos/octo-org/octo-repo/jobs/5/rerun", expect.objectContaining({ method: "POST" }));
  });

  it("says why a re-run was refused", async () => {
    fetchMock.mockImplementation(async (_url: string, init?: RequestInit) =>
      init?.method === "POST" ? json({ title: "GitHub refused", detail: "You need write access." }, 403) : json(failure));
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={job} canRerun />);

    fireEvent.click(await screen.findByRole("button", { name: /Re-run this job/ }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, re-run this job" }));

    expect((await screen.findByRole("alert")).textContent).toBe("GitHub refused: You need write access.");
  });

  it("for a job that did not fail shows no log, and an error with a retry when the view cannot be loaded", async () => {
    fetchMock.mockImplementationOnce(async () => json({ title: "GitHub unavailable", detail: "Try again in a moment." }, 503));
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={job} canRerun={false} />);

    const retry = await screen.findByRole("button", { name: /retry|try again/i });
    fetchMock.mockImplementationOnce(async () => json({ ...failure, failedStep: null, logTail: [], annotations: [], pullRequests: [], conclusion: "success" }));
    fireEvent.click(retry);

    expect(await screen.findByText(/No step failed/)).toBeTruthy();
    expect(screen.queryByRole("region", { name: /log/ })).toBeNull();
    expect(document.querySelector("pre")).toBeNull();
  });

  it("says a job that never ran has no log, and a job that ran that GitHub no longer keeps it", async () => {
    const noLog = { ...failure, failedStep: null, logTail: [], logAvailable: false, annotations: [], pullRequests: [] };
    fetchMock.mockImplementation(async () => json(noLog));
    const { unmount } = render(<JobFailurePanel fullName="octo-org/octo-repo" job={{ ...job, steps: [] }} canRerun={false} />);
    expect(await screen.findByText(/This job never ran/)).toBeTruthy();
    expect(screen.queryByText(/no longer has this job's log/)).toBeNull();
    unmount();

    const ran = { ...job, steps: [{ number: 1, name: "Set up job", status: "completed", conclusion: "success", startedAt: "2026-12-04T08:00:00Z", completedAt: "2026-12-04T08:00:01Z" }] };
    render(<JobFailurePanel fullName="octo-org/octo-repo" job={ran} canRerun={false} />);
    expect(await screen.findByText(/GitHub no longer has this job's log/)).toBeTruthy();
  });
});
