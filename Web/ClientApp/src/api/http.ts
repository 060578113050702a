import type { Problem } from "./types";

/** An answer other than 2xx, with the problem details the service sent (RFC 7807) when it sent some. */
export class ApiError extends Error {
  constructor(public readonly status: number, public readonly problem: Problem | null) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.name = "ApiError";
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every unsafe request (the gateway refuses them without it). */
export function setCsrfToken(token: string | null) { csrfToken = token; }
export function getCsrfToken() { return csrfToken; }
/** Called on any 401 from /api: the session is over, so the app goes back to sign-in. */
export function setUnauthorizedHandler(handler: (() => void) | null) { onUnauthorized = handler; }

const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (unsafe.has(method) && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method, headers, credentials: "same-origin", signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, { title: "Network error", detail: "The server could not be reached. Check your connection and try again." });
  }
  if (response.status === 401 && onUnauthorized && !url.startsWith("/auth/session")) onUnauthorized();
  if (!response.ok) {
    let problem: Problem | null = null;
    try { problem = (await response.json()) as Problem; } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(url: string, signal?: AbortSignal) => request<T>("GET", url, undefined, signal),
  post: <T>(url: string, body?: unknown) => request<T>("POST", url, body),
  put: <T>(url: string, body: unknown) => request<T>("PUT", url, body),
};

/** The path segment of a repository route (`owner/name` → `owner/name`, each part encoded). */
export function repoPath(fullName: string) {
  const [owner, name] = fullName.split("/");
  return `${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/** Where "Sign in with GitHub" goes: Auth.Api starts the OAuth flow and comes back to `returnUrl` (a local path). */
export function signInUrl(returnUrl: string) {
  return `/auth/github?returnUrl=${encodeURIComponent(returnUrl)}`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
