import { describe, expect, it } from "vitest";
import type { Annotation } from "../api/types";
import { annotationLocation, logCommand, logTime, sortAnnotations } from "./annotations";

const annotation = (over: Partial<Annotation>): Annotation =>
  ({ path: "src/a.cs", startLine: 1, endLine: 1, level: "failure", message: "m", title: null, ...over });

describe("annotationLocation", () => {
  it("names the file and line, or the range of lines", () => {
    expect(annotationLocation({ path: "src/a.cs", startLine: 12, endLine: 12 })).toBe("src/a.cs:12");
    expect(annotationLocation({ path: "main.tf", startLine: 31, endLine: 36 })).toBe("main.tf:31-36");
    expect(annotationLocation({ path: ".github", startLine: 0, endLine: 0 })).toBe(".github");
  });
});

describe("sortAnnotations", () => {
  it("puts failures before warnings and notices and the runner's exit code after the files", () => {
    const exit = annotation({ path: ".github", message: "Process completed with exit code 1." });
    const file = annotation({ path: "tests/T.cs", message: "Assert failed" });
    const warning = annotation({ level: "warning", path: "README.md" });
    const notice = annotation({ level: "notice" });

    expect(sortAnnotations([notice, exit, warning, file])).toEqual([file, exit, warning, notice]);
  });

  it("keeps GitHub's order among equals and does not change the list it was given", () => {
    const first = annotation({ message: "1" });
    const second = annotation({ message: "2" });
    const given = [first, second];

    expect(sortAnnotations(given)).toEqual([first, second]);
    expect(given).toEqual([first, second]);
  });
});

describe("log lines", () => {
  it("shows GitHub's timestamp as a UTC time of day", () => {
    expect(logTime("2026-12-04T08:00:01.1234567Z")).toBe("08:00:01");
    expect(logTime(null)).toBe("");
  });

  it("reads the workflow commands GitHub writes into logs", () => {
    expect(logCommand("##[error]Process completed with exit code 1.")).toEqual({ kind: "error", text: "Process completed with exit code 1." });
    expect(logCommand("##[group]Run dotnet test")).toEqual({ kind: "group", text: "Run dotnet test" });
    expect(logCommand("plain output ##[error] inside")).toEqual({ kind: null, text: "plain output ##[error] inside" });
  });
});
