using Auth.Api.Model;

namespace Auth.Api.Services;

public sealed record SignInCompletion(string? SessionId, SessionSnapshot? Session, string ReturnUrl, SignInFailure? Failure);
