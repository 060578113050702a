namespace Auth.Api.Services;

public sealed record SignInStart(Uri AuthorizeUrl, string State);
