using Microsoft.AspNetCore.Authentication;

namespace ActionsDashboard.Identity;

public sealed class InternalIdentityAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The audiences this service accepts (its own resource name).</summary>
    public List<string> Audiences { get; set; } = [];
}
