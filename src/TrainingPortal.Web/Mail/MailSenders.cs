using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Mail;

public enum MailRoute
{
    /// <summary>To the SMTP server in <c>Email:Smtp</c>.</summary>
    Smtp,

    /// <summary>Development without an SMTP server: <c>.eml</c> files a newcomer can open.</summary>
    PickupDirectory,

    /// <summary>No SMTP server outside Development: mails wait in the outbox until one is set.</summary>
    Held,
}

/// <summary>Where mails go, decided from the settings and environment the host ends up with (test hosts change both).</summary>
public sealed class MailRouting(IOptions<MailSettings> options, IHostEnvironment environment, TimeProvider time)
{
    public MailRoute Route => options.Value.Smtp.HasHost ? MailRoute.Smtp
        : environment.IsDevelopment() ? MailRoute.PickupDirectory
        : MailRoute.Held;

    public string PickupPath => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory));

    public MailboxAddress From => options.Value.FromAddress;

    /// <summary>A sender for one delivery run, or null when mails are held.</summary>
    internal IMailSender? Open() => Route switch
    {
        MailRoute.Smtp => new SmtpSender(options.Value.Smtp),
        MailRoute.PickupDirectory => new PickupDirectorySender(PickupPath, time),
        _ => null,
    };
}

/// <summary>Why a mail was not handed over: what it ran into, and the details (the server's own words) to keep with it.</summary>
public sealed record MailAttemptFailure(MailFailure Kind, string Detail)
{
    /// <summary>The server's refusal, not the message's: it could not be reached or would not let the portal in.</summary>
    public bool ServerUnavailable => Kind is MailFailure.ServerUnreachable or MailFailure.ServerRefusedPortal;
}

/// <summary>Sends the messages of one delivery run; a refusal comes back as what to keep in the outbox row.</summary>
internal interface IMailSender : IAsyncDisposable
{
    /// <returns>Null when the message was handed over, else why not.</returns>
    Task<MailAttemptFailure?> TrySendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>One connection for the whole run. When connecting fails, the run stops there (<see cref="MailAttemptFailure.ServerUnavailable"/>)
/// rather than waiting out the timeout again for every mail.</summary>
internal sealed class SmtpSender(SmtpSettings smtp) : IMailSender
{
    private const int TimeoutMilliseconds = 30_000;

    private readonly SmtpClient _client = new() { Timeout = TimeoutMilliseconds };
    private MailAttemptFailure? _connectError;

    public async Task<MailAttemptFailure?> TrySendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (_connectError is not null)
        {
            return _connectError;
        }

        if (!_client.IsConnected)
        {
            try
            {
                await _client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SocketOptions, cancellationToken);
                if (!string.IsNullOrEmpty(smtp.UserName))
                {
                    await _client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _connectError = new(MailFailure.ServerUnreachable, $"{smtp.Host}:{smtp.Port}: {Describe(ex)}");
                return _connectError;
            }
        }

        try
        {
            // Not cancelled once begun: a message cut off after its last line, before the server's reply, would be
            // left unmarked and sent again. The client's timeout bounds it.
            await _client.SendAsync(message, CancellationToken.None);
            return null;
        }
        catch (Exception ex)
        {
            if (RefusesEveryMail(ex))
            {
                // Not this message's fault: counted against each mail, such a refusal would fail them all within hours.
                _connectError = new(MailFailure.ServerRefusedPortal, $"{smtp.Host}:{smtp.Port}: {Describe(ex)}");
                return _connectError;
            }

            // A refused command leaves the connection usable; anything else drops it, and the next mail reconnects.
            if (ex is not SmtpCommandException)
            {
                await CloseAsync(quit: false);
            }

            return new(MailFailure.MailRefused, Describe(ex));
        }
    }

    /// <summary>
    /// A refusal of the portal rather than of one message: the sender refused (the relay no longer allows the portal),
    /// the service unavailable (421), or authentication required. Recipients refused one by one stay per mail.
    /// </summary>
    private static bool RefusesEveryMail(Exception exception) => exception switch
    {
        ServiceNotAuthenticatedException => true,
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } => true,
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } => true,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(quit: true);
        _client.Dispose();
    }

    private async Task CloseAsync(bool quit)
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The connection is gone either way, and whether the mail went out is already decided.
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"SMTP {(int)command.StatusCode}: {command.Message}",
        SmtpProtocolException or MailKit.Security.AuthenticationException or System.Net.Sockets.SocketException or IOException => ex.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}

internal sealed class PickupDirectorySender(string directory, TimeProvider time) : IMailSender
{
    public async Task<MailAttemptFailure?> TrySendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var id = message.MessageId?.Split('@')[0] ?? Guid.NewGuid().ToString("N");
            var name = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{id}.eml");
            await message.WriteToAsync(Path.Combine(directory, name), cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(MailFailure.PickupFolderUnwritable, $"{directory}: {ex.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
