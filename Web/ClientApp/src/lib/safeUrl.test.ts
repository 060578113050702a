import { describe, expect, it } from "vitest";
import { safeUrl } from "./safeUrl";

describe("safeUrl", () => {
  it("keeps absolute http and https addresses", () => {
    expect(safeUrl("https://github.com/octo-org/octo-repo/actions/runs/1")).toBe("https://github.com/octo-org/octo-repo/actions/runs/1");
    expect(safeUrl("http://ghe.example.com/o/r")).toBe("http://ghe.example.com/o/r");
    expect(safeUrl("HTTPS://GitHub.com/o/r")).toBe("https://github.com/o/r");
  });

  it("refuses every other scheme, however it is disguised", () => {
    for (const url of ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "\u0001javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.com/x", "blob:https://github.com/x"]) {
      expect(safeUrl(url), url).toBeUndefined();
    }
  });

  it("refuses relative, malformed and missing addresses", () => {
    for (const url of ["/octo-org/octo-repo", "//evil.example/x", "github.com/o/r", "https://", "", null, undefined]) {
      expect(safeUrl(url), String(url)).toBeUndefined();
    }
  });
});
