import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AlertDelivery, AlertRule } from "../api/types";
import { AlertsPage } from "./AlertsPage";

const rule: AlertRule = {
  id: "r1", name: "CI on main", repository: "octo-org/octo-repo", branch: null, workflow: null, events: ["failure", "recovery"], queuedMinutes: null,
  destination: { type: "webhook", host: "hooks.example.com", address: null, hasSecret: true }, createdAt: "2026-12-04T10:00:00Z", updatedAt: "2026-12-04T10:00:00Z",
  team: null,
};
const teamRule: AlertRule = { ...rule, id: "r3", name: "Platform CI", team: "octo-org/platform" };
const failedDelivery: AlertDelivery = {
  id: "d1", ruleId: "r1", ruleName: "CI on main", transition: "failure", repository: "octo-org/octo-repo", runId: 42, runAttempt: 1, status: "failed", attempts: 5,
  statusCode: 500, lastError: "The destination answered 500 Internal Server Error.", createdAt: "2026-12-04T10:01:00Z", lastAttemptAt: null, sentAt: null, nextAttemptAt: null,
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
type Call = { url: string; method: string; body: unknown };

describe("AlertsPage", () => {
  let calls: Call[];
  let rules: AlertRule[];

  beforeEach(() => {
    calls = [];
    rules = [rule];
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      calls.push({ url, method, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (url === "/api/alerts/rules" && method === "GET") return json(rules);
      if (url === "/api/alerts/deliveries") return json([failedDelivery]);
      if (url === "/api/user/teams") return json({ teams: [{ team: "octo-org/platform", organization: "octo-org", slug: "platform", name: "Platform" }], stale: false, fetchedAt: "2026-12-04T10:00:00Z" });
      if (url === "/api/alerts/rules" && method === "POST") {
        const body = JSON.parse(String(init!.body));
        if (body.repository === "bad") return json({ title: "The alert rule is not valid", status: 400, errors: { repository: ["The repository must be owner/name or owner/*."] } }, 400);
        if (body.name === "Not mine") return json({ title: "The alert rule is not valid", status: 400, errors: { team: ["You are not a member of octo-org/platform (as GitHub lists your teams)."] } }, 400);
        const created = { ...rule, id: "r2", name: body.name, repository: body.repository, team: body.team ?? null };
        rules = [...rules, created];
        return json(created, 201);
      }
      if (url === "/api/alerts/rules/r1/test") return json({ ...failedDelivery, id: "d2", transition: "test", status: "sent", attempts: 1, statusCode: 200, lastError: null });
      if (url === "/api/alerts/rules/r1" && method === "DELETE") { rules = []; return new Response(null, { status: 204 }); }
      return json({ title: "Not found" }, 404);
    }));
  });

  afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

  it("lists the rules and the delivery history with each delivery's status", async () => {
    render(<AlertsPage />);
    expect((await screen.findAllByText("octo-org/octo-repo")).length).toBe(2);
    expect(screen.getByText("default branch")).toBeTruthy();
    expect(screen.getByText("Signed JSON webhook (hooks.example.com)")).toBeTruthy();
    expect(screen.getByText("failed")).toBeTruthy();
    expect(screen.getByText("The destination answered 500 Internal Server Error.")).toBeTruthy();
  });

  it("sends a test and shows the result", async () => {
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Send test" }));
    expect(await screen.findByText(/Test alert sent to Signed JSON webhook/)).toBeTruthy();
    expect(calls.some((c) => c.url === "/api/alerts/rules/r1/test" && c.method === "POST")).toBe(true);
  });

  it("creates a rule from the form, with the default branch left out", async () => {
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Add an alert rule" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Releases" } });
    fireEvent.change(screen.getByLabelText("Repository"), { target: { value: "octo-org/*" } });
    fireEvent.change(screen.getByLabelText("Webhook URL"), { target: { value: "https://hooks.slack.com/services/T/B/X" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));

    expect(await screen.findByText("Alert rule saved.")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST" && c.url === "/api/alerts/rules")!;
    expect(post.body).toEqual({
      name: "Releases", repository: "octo-org/*", branch: null, workflow: null, events: ["failure", "recovery"], queuedMinutes: null,
      destination: { type: "slack", url: "https://hooks.slack.com/services/T/B/X" }, team: null,
    });
    await waitFor(() => expect(screen.getAllByText("octo-org/*").length).toBeGreaterThan(0));
  });

  it("shows the server's reason next to the field it is about", async () => {
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Add an alert rule" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Bad" } });
    fireEvent.change(screen.getByLabelText("Repository"), { target: { value: "bad" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));

    expect(await screen.findByText("The repository must be owner/name or owner/*.")).toBeTruthy();
    expect(screen.getByLabelText("Repository").getAttribute("aria-invalid")).toBe("true");
  });

  it("offers the caller's teams, 'Only me' by default, sends the chosen team and shows each rule's team", async () => {
    rules = [rule, teamRule];
    render(<AlertsPage />);
    expect(await screen.findByText("Only me")).toBeTruthy();
    expect(screen.getByText("octo-org/platform")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Add an alert rule" }));
    const select = screen.getByLabelText("Team") as HTMLSelectElement;
    expect(select.value).toBe("");
    await waitFor(() => expect(Array.from(select.options).map((o) => o.textContent)).toEqual(["Only me", "octo-org/platform (Platform)"]));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Shared" } });
    fireEvent.change(screen.getByLabelText("Repository"), { target: { value: "octo-org/octo-repo" } });
    fireEvent.change(screen.getByLabelText("Webhook URL"), { target: { value: "https://hooks.slack.com/services/T/B/X" } });
    fireEvent.change(select, { target: { value: "octo-org/platform" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));

    expect(await screen.findByText("Alert rule saved.")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST" && c.url === "/api/alerts/rules")!;
    expect((post.body as { team: string }).team).toBe("octo-org/platform");
    await waitFor(() => expect(screen.getAllByText("octo-org/platform").length).toBe(2));
  });

  it("shows 'not a member' next to the Team select", async () => {
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Add an alert rule" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Not mine" } });
    fireEvent.change(screen.getByLabelText("Repository"), { target: { value: "octo-org/octo-repo" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));

    expect(await screen.findByText("You are not a member of octo-org/platform (as GitHub lists your teams).")).toBeTruthy();
    expect(screen.getByLabelText("Team").getAttribute("aria-invalid")).toBe("true");
  });

  it("keeps 'Only me' when the teams cannot be read", async () => {
    const base = globalThis.fetch as unknown as (url: string, init?: RequestInit) => Promise<Response>;
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => url === "/api/user/teams" ? json({ title: "GitHub refused" }, 403) : base(url, init)));
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Add an alert rule" }));
    const select = screen.getByLabelText("Team") as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(["Only me"]);
  });

  it("deletes a rule after confirmation", async () => {
    vi.stubGlobal("confirm", () => true);
    render(<AlertsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
    expect(await screen.findByText('Deleted "CI on main".')).toBeTruthy();
    expect(calls.some((c) => c.url === "/api/alerts/rules/r1" && c.method === "DELETE")).toBe(true);
    expect(await screen.findByText("No alert rules yet.")).toBeTruthy();
  });
});
