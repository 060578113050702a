/**
 * The URL when it is an absolute http(s) address, else undefined: links built from data (GitHub's `htmlUrl`s, which
 * pass through the proxy and the hub) are rendered as links only then, never as `javascript:`, `data:` or the like.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // relative or malformed
  }
  return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
}
