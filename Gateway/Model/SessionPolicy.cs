namespace Gateway.Model;

/// <summary>Whether a route needs the browser's session (route metadata <c>Session</c>).</summary>
public enum SessionPolicy
{
    /// <summary>No session is looked up (webhooks, sign-in, the Web app's pages and assets).</summary>
    None,
    /// <summary>The session is resolved when there is one; the service answers requests without one itself.</summary>
    Optional,
    /// <summary>No valid session, 401 from the gateway.</summary>
    Required,
}
