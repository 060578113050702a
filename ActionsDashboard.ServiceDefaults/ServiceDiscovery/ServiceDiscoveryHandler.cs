namespace ActionsDashboard.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Replaces the logical address with a configured endpoint for one attempt, then puts it back, so
/// that a retry running outside this handler resolves again and can reach the next endpoint. It must
/// run before the primary handler, which refuses a scheme such as <c>https+http</c>.
/// </summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logicalAddress = request.RequestUri;
        if (logicalAddress is null || !logicalAddress.IsAbsoluteUri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.RequestUri = resolver.ResolveNext(logicalAddress);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.RequestUri = logicalAddress;
        }
    }
}
