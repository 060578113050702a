namespace ActionsDashboard.Identity;

/// <summary>The outcome of <see cref="InternalIdentityTokenValidator.ValidateAsync"/>: an identity, or why there is none.</summary>
public sealed record InternalIdentityValidationResult(InternalIdentity? Identity, string? Failure)
{
    public bool IsValid => Identity is not null;
}
