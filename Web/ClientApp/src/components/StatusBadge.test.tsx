import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { StatusBadge } from "./StatusBadge";

afterEach(cleanup);

describe("StatusBadge", () => {
  it("shows the status in words next to the icon", () => {
    render(<StatusBadge status="completed" conclusion="failure" />);
    expect(screen.getByText("Failed")).toBeTruthy();
    expect(screen.getByTitle("Failed").className).toContain("status-failure");
  });

  it("keeps the words for screen readers when compact", () => {
    render(<StatusBadge status="in_progress" conclusion={null} compact />);
    expect(screen.getByText("In progress").className).toBe("visually-hidden");
  });
});
