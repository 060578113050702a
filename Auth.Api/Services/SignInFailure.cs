namespace Auth.Api.Services;

public sealed record SignInFailure(SignInFailureKind Kind, string Title, string Detail);
