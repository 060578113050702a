namespace Alerts.Api.Model;

/// <summary>Where a rule's alerts go. On <c>PUT</c>, an omitted <see cref="Url"/> or <see cref="Secret"/> keeps the stored one
/// (the API never answers them, so an edit form cannot send them back).</summary>
public sealed record DestinationRequest
{
    public string? Type { get; init; }

    public string? Url { get; init; }

    public string? Address { get; init; }

    public string? Secret { get; init; }
}
