using MailKit.Security;
using MimeKit;

namespace TrainingPortal.Web.Mail;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Email</c> section of the settings.</summary>
public sealed class MailSettings
{
    public const string Section = "Email";

    public string From { get; set; } = "TrainingPortal <no-reply@trainingportal.local>";

    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many mails one delivery run claims at most.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Where Development writes mails when no SMTP host is set; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = Path.Combine("App_Data", "mail");

    public SmtpSettings Smtp { get; set; } = new();

    public MailboxAddress FromAddress => MailboxAddress.Parse(From);
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool HasHost => !string.IsNullOrWhiteSpace(Host);

    /// <summary>
    /// Whether signing in would send the password unencrypted over the network: no TLS, a user name, and a server
    /// that is not on this machine (a relay on loopback never puts the password on the wire).
    /// </summary>
    public bool SendsPasswordInClear =>
        Security == SmtpSecurity.None && !string.IsNullOrEmpty(UserName) && HasHost && !IsLoopback(Host!.Trim());

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
