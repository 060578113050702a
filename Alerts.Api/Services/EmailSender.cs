using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Alerts.Api.Services;

/// <summary>
/// Sends an alert by e-mail through <c>Alerts:Smtp</c> (MailKit), one connection per message. Answers the attempt's
/// outcome, worded here: a 5xx reply (a refused recipient or sender) is permanent, anything else (the server down, a 4xx,
/// a timeout, a broken connection) is tried again. The password goes to the server only: no protocol log is kept and no
/// error repeats it.
/// </summary>
public sealed class EmailSender(IOptionsMonitor<AlertsOptions> options)
{
    public async Task<SendOutcome> SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue.Smtp;
        if (!smtp.IsConfigured)
        {
            return SendOutcome.Failure("No SMTP server is configured (Alerts:Smtp) any more.", permanent: true);
        }

        if (!MailboxAddress.TryParse(smtp.From, out var from))
        {
            return SendOutcome.Failure("Alerts:Smtp:From is not an e-mail address.", permanent: true);
        }

        using var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = (int)options.CurrentValue.SendTimeout.TotalMilliseconds };
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return SendOutcome.Success(null);
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            var what = exception.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => $"refused the recipient {to}",
                SmtpErrorCode.SenderNotAccepted => $"refused the sender {smtp.From}",
                SmtpErrorCode.MessageNotAccepted => "refused the message",
                _ => "answered an error",
            };
            return SendOutcome.Failure(string.Create(CultureInfo.InvariantCulture, $"The SMTP server {what}: {code} {exception.Message.Trim()}"),
                permanent: code >= 500);
        }
        catch (AuthenticationException)
        {
            return SendOutcome.Failure("The SMTP server refused the user name and password (Alerts:Smtp:UserName and Password).");
        }
        catch (NotSupportedException)
        {
            // AuthenticateAsync on a server that offers no authentication (or not before STARTTLS).
            return SendOutcome.Failure("The SMTP server does not offer authentication on this connection; check Alerts:Smtp:Security.");
        }
        catch (SslHandshakeException)
        {
            return SendOutcome.Failure("Could not establish TLS with the SMTP server (its certificate or Alerts:Smtp:Security).");
        }
        catch (SocketException exception)
        {
            return SendOutcome.Failure($"Could not connect to the SMTP server ({exception.SocketErrorCode}).");
        }
        catch (TimeoutException)
        {
            return SendOutcome.Failure($"The SMTP server did not answer within {options.CurrentValue.SendTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception exception) when (exception is ProtocolException or IOException)
        {
            return SendOutcome.Failure("The connection to the SMTP server failed before the message was accepted.");
        }
    }
}
