namespace Alerts.Api.Services;

/// <summary><c>Alerts:Smtp</c>: the server e-mail alerts go through. Without <see cref="Host"/> and <see cref="From"/>,
/// e-mail rules are refused.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c>.</summary>
    public string Security { get; set; } = "Auto";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
