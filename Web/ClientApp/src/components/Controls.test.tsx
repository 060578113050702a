import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setCsrfToken } from "../api/http";
import type { DispatchForm, PendingDeploymentsResponse } from "../api/types";
import { JobRerunButton, PendingDeployments, RunWorkflow } from "./Controls";

type Call = { url: string; method: string; body: unknown; csrf: string | null };
const calls: Call[] = [];
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });
let answer: (call: Call) => Response;

const form: DispatchForm = {
  workflowId: 7, path: ".github/workflows/deploy.yml", ref: "main", dispatchable: true, canDispatch: true,
  inputs: [
    { name: "version", description: "The version to deploy", required: true, default: null, type: "string", options: [] },
    { name: "log-level", description: null, required: false, default: "info", type: "choice", options: ["info", "debug"] },
    { name: "dry-run", description: null, required: false, default: "false", type: "boolean", options: [] },
    { name: "parallelism", description: null, required: false, default: "10", type: "number", options: [] },
  ],
};

beforeEach(() => {
  calls.length = 0;
  setCsrfToken("csrf-token-1");
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call = { url, method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : undefined, csrf: headers["X-CSRF-Token"] ?? null };
    calls.push(call);
    return answer(call);
  }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe("RunWorkflow", () => {
  it("builds the form from the declared inputs, asks for a confirmation and sends the inputs with the CSRF token", async () => {
    answer = (call) => call.method === "GET" ? json(form) : new Response(JSON.stringify({ status: "requested" }), { status: 202 });
    render(<RunWorkflow fullName="octo-org/infra" workflowId={7} />);
    fireEvent.click(screen.getByRole("button", { name: "Run workflow" }));
    await flush();
    expect(calls[0].url).toBe("/api/repos/octo-org/infra/workflows/7/dispatch");

    expect((screen.getByLabelText(/log-level/) as HTMLSelectElement).value).toBe("info");
    expect((screen.getByLabelText(/dry-run/) as HTMLInputElement).type).toBe("checkbox");
    expect((screen.getByLabelText(/parallelism/) as HTMLInputElement).type).toBe("number");
    fireEvent.change(screen.getByLabelText(/version/), { target: { value: "v2.0.0" } });
    fireEvent.change(screen.getByLabelText(/log-level/), { target: { value: "debug" } });
    fireEvent.click(screen.getByLabelText(/dry-run/));
    fireEvent.submit(screen.getByRole("button", { name: "Run workflow" }).closest("form")!);

    // Nothing is sent before the confirmation.
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    expect(screen.getByText(/Run .github\/workflows\/deploy.yml on main with these inputs\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Yes, run it" }));
    await flush();

    const post = calls.find((c) => c.method === "POST")!;
    expect(post.url).toBe("/api/repos/octo-org/infra/workflows/7/dispatches");
    expect(post.csrf).toBe("csrf-token-1");
    expect(post.body).toEqual({ ref: "main", inputs: { version: "v2.0.0", "log-level": "debug", "dry-run": true, parallelism: "10" } });
    expect(screen.getByText(/Run requested on main/)).toBeTruthy();
  });

  it("shows the server's problems with the inputs and GitHub's refusal", async () => {
    answer = (call) => call.method === "GET" ? json(form)
      : json({ title: "GitHub refused", status: 403, detail: "It needs write access to octo-org/infra." }, 403);
    render(<RunWorkflow fullName="octo-org/infra" workflowId={7} />);
    fireEvent.click(screen.getByRole("button", { name: "Run workflow" }));
    await flush();
    fireEvent.change(screen.getByLabelText(/version/), { target: { value: "v1" } });
    fireEvent.submit(screen.getByRole("button", { name: "Run workflow" }).closest("form")!);
    fireEvent.click(screen.getByRole("button", { name: "Yes, run it" }));
    await flush();
    expect(screen.getByRole("alert").textContent).toBe("GitHub refused: It needs write access to octo-org/infra.");
  });

  it("reads the workflow again at another ref, and says when it has no workflow_dispatch trigger", async () => {
    answer = (call) => json(call.url.includes("ref=feature") ? { ...form, ref: "feature", dispatchable: false, inputs: [] } : form);
    render(<RunWorkflow fullName="octo-org/infra" workflowId={7} />);
    fireEvent.click(screen.getByRole("button", { name: "Run workflow" }));
    await flush();
    fireEvent.change(screen.getByLabelText("Branch or tag"), { target: { value: "feature" } });
    fireEvent.click(screen.getByRole("button", { name: "Read the workflow at this ref" }));
    await flush();
    expect(calls.at(-1)!.url).toBe("/api/repos/octo-org/infra/workflows/7/dispatch?ref=feature");
    expect(screen.getByRole("note").textContent).toContain("cannot be run by hand");
    expect((screen.getByRole("button", { name: "Run workflow" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a workflow file that cannot be read as an error", async () => {
    answer = () => json({ title: "Invalid workflow file", status: 422, detail: ".github/workflows/deploy.yml at 'main': The workflow file is not valid YAML." }, 422);
    render(<RunWorkflow fullName="octo-org/infra" workflowId={7} />);
    fireEvent.click(screen.getByRole("button", { name: "Run workflow" }));
    await flush();
    expect(screen.getByRole("alert").textContent).toContain("not valid YAML");
  });
});

describe("PendingDeployments", () => {
  const waiting = (canApprove: boolean): PendingDeploymentsResponse => ({
    deployments: [{ environmentId: 161088068, environment: "production", environmentUrl: null, waitTimer: 0, waitTimerStartedAt: null, currentUserCanApprove: canApprove, reviewers: ["octocat"] }],
  });

  it("approves the waiting environment with a comment after a confirmation", async () => {
    answer = (call) => call.method === "GET" ? json(waiting(true)) : new Response(JSON.stringify({ status: "requested" }), { status: 202 });
    const reviewed = vi.fn();
    render(<PendingDeployments fullName="octo-org/infra" runId={12} onReviewed={reviewed} />);
    await flush();
    expect(calls[0].url).toBe("/api/repos/octo-org/infra/runs/12/pending-deployments");
    expect(screen.getByText("production")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Comment"), { target: { value: "Ship it" } });
    fireEvent.click(screen.getByRole("button", { name: "Approve and deploy" }));
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Yes, approve" }));
    await flush();
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.body).toEqual({ environmentIds: [161088068], state: "approved", comment: "Ship it" });
    expect(post.csrf).toBe("csrf-token-1");
    expect(reviewed).toHaveBeenCalled();
    expect(screen.getByText(/Approved: the run goes on to production/)).toBeTruthy();
    // Nothing waits any more: the section says what was done, not that it waits.
    expect(screen.getByRole("heading", { name: "Deployment review" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve and deploy" })).toBeNull();
  });

  it("rejects after a confirmation", async () => {
    answer = (call) => call.method === "GET" ? json(waiting(true)) : new Response(null, { status: 202 });
    render(<PendingDeployments fullName="octo-org/infra" runId={12} />);
    await flush();
    fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(screen.getByText("Reject the deployment? The run will fail.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Yes, reject" }));
    await flush();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ environmentIds: [161088068], state: "rejected", comment: "" });
  });

  it("is disabled, and says why, when GitHub says the user cannot approve", async () => {
    answer = () => json(waiting(false));
    render(<PendingDeployments fullName="octo-org/infra" runId={12} />);
    await flush();
    expect((screen.getByRole("button", { name: "Approve and deploy" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Reject" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("note").textContent).toContain("You are not a required reviewer of production");
  });

  it("shows nothing when the run waits for no environment", async () => {
    answer = () => json({ deployments: [] });
    const { container } = render(<PendingDeployments fullName="octo-org/infra" runId={12} />);
    await flush();
    expect(container.textContent).toBe("");
  });
});

describe("JobRerunButton", () => {
  it("re-runs one job after a confirmation", async () => {
    answer = () => new Response(null, { status: 202 });
    render(<JobRerunButton fullName="octo-org/octo-repo" jobId={55} jobName="build" />);
    fireEvent.click(screen.getByRole("button", { name: "Re-run build" }));
    expect(calls).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Yes, re-run this job" }));
    await flush();
    expect(calls[0]).toMatchObject({ url: "/api/repos/octo-org/octo-repo/jobs/55/rerun", method: "POST", csrf: "csrf-token-1" });
    expect(screen.getByText("Re-run of this job requested.")).toBeTruthy();
  });
});
