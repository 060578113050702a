using System.Text;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// A sample body made unique. Deliveries are unique by the hash of their payload as well as by delivery id, so one
/// sample sent twice under new delivery ids to one test class's database is a duplicate the second time.
/// </summary>
public static class DistinctBody
{
    /// <summary>
    /// <paramref name="json"/> (an object) with a <c>test_nonce</c> member nobody reads inserted after its opening brace:
    /// every other byte stays as it was.
    /// </summary>
    public static byte[] Of(byte[] json)
    {
        var open = Array.IndexOf(json, (byte)'{');
        if (open < 0)
        {
            throw new ArgumentException("The body is not a JSON object.", nameof(json));
        }

        var nonce = Encoding.UTF8.GetBytes($"\"test_nonce\":\"{Guid.NewGuid():N}\",");
        return [.. json.AsSpan(0, open + 1), .. nonce, .. json.AsSpan(open + 1)];
    }
}
