namespace Webhooks.Api.Services;

/// <summary>Why a request was refused before anything was stored, as an RFC 7807 problem.</summary>
/// <param name="Reason">The metric tag: <c>size</c>, <c>signature</c>, <c>headers</c>, <c>content_type</c> or <c>payload</c>.</param>
public sealed record DeliveryRejection(int StatusCode, string Title, string Detail, string Reason);
