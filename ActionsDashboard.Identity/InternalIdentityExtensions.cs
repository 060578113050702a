using ActionsDashboard.Identity;
using ActionsDashboard.Identity.InternalApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class InternalIdentityExtensions
{
    /// <summary>
    /// For a service behind the gateway: authenticates requests by their <c>X-Internal-Identity</c> token (the
    /// default scheme), accepting tokens minted for <paramref name="audience"/> (the service's resource name, e.g.
    /// <c>githubproxy-api</c>; <c>Identity:Audience</c> overrides it). Needs <c>Identity:PublicKey</c> (the gateway's
    /// public key) or the shared <c>Identity:SigningKey</c>; start-up fails without either. Protect endpoints with <c>RequireAuthorization()</c> and read the caller with
    /// <c>User.GetInternalIdentity()</c>.
    /// </summary>
    public static TBuilder AddInternalIdentity<TBuilder>(this TBuilder builder, string audience) where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        AddOptions(builder);
        builder.Services.TryAddSingleton<InternalIdentityTokenValidator>();
        builder.Services.AddAuthentication(InternalIdentityDefaults.AuthenticationScheme)
            .AddScheme<InternalIdentityAuthenticationOptions, InternalIdentityAuthenticationHandler>(InternalIdentityDefaults.AuthenticationScheme, _ => { });
        builder.Services.AddOptions<InternalIdentityAuthenticationOptions>(InternalIdentityDefaults.AuthenticationScheme)
            .Configure<IOptions<InternalIdentityOptions>>((scheme, identity) =>
                scheme.Audiences = [string.IsNullOrWhiteSpace(identity.Value.Audience) ? audience : identity.Value.Audience]);
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// <see cref="AddInternalIdentity{TBuilder}(TBuilder, string)"/> with the service's resource name as audience:
    /// <c>Identity:Audience</c> when set, otherwise the application name in the AppHost's kebab case
    /// (<c>GitHubProxy.Api</c> → <c>githubproxy-api</c>, <c>Realtime.Hub</c> → <c>realtime-hub</c>).
    /// </summary>
    public static TBuilder AddInternalIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder =>
        builder.AddInternalIdentity(ResourceName(builder.Environment.ApplicationName));

    /// <summary>The gateway's cluster ids are the AppHost's resource names: the project name, lower case, dots as dashes.</summary>
    public static string ResourceName(string applicationName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationName);
        return applicationName.Replace('.', '-').ToLowerInvariant();
    }

    /// <summary>For the gateway: <see cref="InternalIdentityTokenIssuer"/>, signing with <c>Identity:PrivateKey</c> (or the
    /// shared <c>Identity:SigningKey</c>).</summary>
    public static TBuilder AddInternalIdentityIssuer<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        AddOptions(builder);
        builder.Services.TryAddSingleton<InternalIdentityTokenIssuer>();
        return builder;
    }

    /// <summary>Only <see cref="InternalIdentityTokenValidator"/>, for a service that checks tokens on a few routes itself.</summary>
    public static TBuilder AddInternalIdentityValidator<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        AddOptions(builder);
        builder.Services.TryAddSingleton<InternalIdentityTokenValidator>();
        return builder;
    }

    /// <summary><see cref="InternalApiOptions"/> (<c>Internal:ApiKey</c>), required at start-up.</summary>
    public static TBuilder AddInternalApiKey<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<InternalApiOptions>()
            .BindConfiguration(InternalApiOptions.SectionName)
            .Validate(options => !string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKey.Length >= InternalApiOptions.MinimumLength,
                $"{InternalApiOptions.SectionName}:ApiKey is missing or shorter than {InternalApiOptions.MinimumLength} characters: set it "
                + $"(environment {InternalApiOptions.SectionName}__ApiKey) to the same random secret on the caller and the callee.")
            .ValidateOnStart();
        return builder;
    }

    private static void AddOptions(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InternalIdentityOptions>().BindConfiguration(InternalIdentityOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InternalIdentityOptions>, InternalIdentityOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
    }
}
