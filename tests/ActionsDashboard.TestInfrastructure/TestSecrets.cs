using System.Security.Cryptography;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>Fresh keys per test run, in the shapes the services read from configuration.</summary>
public static class TestSecrets
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewApiKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public const string GitHubClientId = "Iv1.functional-tests";
    public const string GitHubClientSecret = "functional-tests-client-secret";
}
