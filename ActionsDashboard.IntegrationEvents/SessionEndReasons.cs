namespace ActionsDashboard.IntegrationEvents;

/// <summary>Values of <see cref="SessionEnded.Reason"/>.</summary>
public static class SessionEndReasons
{
    public const string SignedOut = "signed-out";
    public const string Replaced = "replaced";
    public const string RefreshFailed = "refresh-failed";
    public const string Expired = "expired";
}
