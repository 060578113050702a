namespace GitHub.Simulator.Model;

/// <summary>Who a REST request acts as: a user token, an installation token, or nobody.</summary>
public sealed class Caller
{
    private Caller(CallerKind kind, string tokenId)
    {
        Kind = kind;
        TokenId = tokenId;
    }

    public CallerKind Kind { get; }

    public Account? User { get; private init; }

    public Installation? Installation { get; private init; }

    /// <summary>The short, hashed form of the token (never the token), or <c>anonymous:ADDRESS</c>; also the rate-limit key.</summary>
    public string TokenId { get; }

    public static Caller ForUser(Account user, string tokenId) => new(CallerKind.User, tokenId) { User = user };

    public static Caller ForInstallation(Installation installation, string tokenId) => new(CallerKind.Installation, tokenId) { Installation = installation };

    public static Caller Anonymous(string address) => new(CallerKind.Anonymous, "anonymous:" + address);

    /// <summary>How GitHub names the budget's owner in "API rate limit exceeded for ...".</summary>
    public string RateLimitSubject => Kind switch
    {
        CallerKind.User => $"user ID {User!.Id}",
        CallerKind.Installation => $"installation ID {Installation!.Id}",
        _ => TokenId["anonymous:".Length..],
    };
}
