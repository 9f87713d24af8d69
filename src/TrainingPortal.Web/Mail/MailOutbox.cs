using System.Net;
using System.Text;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Mail;

/// <summary>
/// A mail to one person: a greeting, paragraphs of plain text, and at most one link to act on. <see cref="Language"/> is
/// the recipient's (see <see cref="MailOutbox.LanguageOf"/>): the subject and paragraphs must already be in it, and the
/// greeting and footer are written in it; null keeps the current culture.
/// </summary>
/// <param name="Bulk">One of many written at once (reminders, digests), sent after the personal mails waiting.</param>
/// <param name="RecipientUserId">The account it is for, at its current address (see <see cref="OutboxMail.RecipientUserId"/>).</param>
/// <param name="ValidUntilUtc">When it stops being of use (see <see cref="OutboxMail.ValidUntilUtc"/>).</param>
public sealed record MailDraft(string Kind, string ToAddress, string ToName, string Subject, IReadOnlyList<string> Paragraphs, MailAction? Action = null,
    string? Language = null, bool Bulk = false, string? RecipientUserId = null, DateTime? ValidUntilUtc = null);

public sealed record MailAction(string Label, string Url);

/// <summary>
/// Adds mails to the caller's unit of work, so a mail exists exactly when the change that causes it commits.
/// Bodies are written here, HTML and plain text, with every value encoded and the bank's name on them.
/// </summary>
public sealed class MailOutbox(PortalDbContext db, TimeProvider time, IConfiguration configuration, PublicUrls urls,
    IStringLocalizer<Shared> text, IOptions<RequestLocalizationOptions> localization)
{
    /// <summary>The language to write to someone in: their own choice, else the portal's default (never the sender's).</summary>
    public string LanguageOf(PortalUser recipient) => LanguageOf(recipient.PreferredCulture);

    public string LanguageOf(string? preferredCulture) => localization.Value.LanguageOf(preferredCulture);

    /// <param name="messageId">A Message-ID the caller can find the mail by (see <see cref="MessageIdFor"/>); by default a new one.</param>
    public OutboxMail Add(MailDraft draft, string? messageId = null)
    {
        using var language = draft.Language is { } recipientLanguage ? CultureSwitch.Use(recipientLanguage) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var mail = new OutboxMail
        {
            MessageId = messageId ?? MessageIdFor(Guid.NewGuid().ToString("N")),
            Kind = draft.Kind,
            ToAddress = draft.ToAddress,
            ToName = draft.ToName,
            Subject = draft.Subject,
            HtmlBody = Html(draft),
            TextBody = Text(draft),
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
            State = OutboxState.Pending,
            Bulk = draft.Bulk,
            RecipientUserId = draft.RecipientUserId,
            ValidUntilUtc = draft.ValidUntilUtc,
        };
        db.OutboxMails.Add(mail);
        return mail;
    }

    /// <summary>The bank's name in the language a mail is being written in (the current UI culture's).</summary>
    public string BankName => PortalSettings.BankName(configuration, DateDisplay.CurrentLanguage);

    /// <summary>A Message-ID on the portal's own domain: unique as long as <paramref name="localPart"/> is.</summary>
    public string MessageIdFor(string localPart) => $"{localPart}@{_messageIdDomain ??= new Uri(urls.BaseUrl(request: null)).Host}";

    private string? _messageIdDomain;

    private string Html(MailDraft draft)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(WebUtility.HtmlEncode(DateDisplay.CurrentLanguage)).Append("\"><body style=\"font-family:Arial,'Microsoft YaHei',sans-serif;color:#1f2933;max-width:40em\">");
        html.Append("<p style=\"font-weight:bold;color:#0b4f6c\">").Append(WebUtility.HtmlEncode(BankName)).Append(" · TrainingPortal</p>");
        html.Append("<p>").Append(WebUtility.HtmlEncode(text["Mail.Greeting", draft.ToName])).Append("</p>");
        foreach (var paragraph in draft.Paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        if (draft.Action is { } action)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(action.Url)).Append("\" style=\"background:#0b4f6c;color:#fff;padding:.5em 1em;text-decoration:none;border-radius:4px\">")
                .Append(WebUtility.HtmlEncode(action.Label)).Append("</a></p>");
            html.Append("<p style=\"font-size:smaller\">").Append(WebUtility.HtmlEncode(text["Mail.ButtonFallback"] + " "))
                .Append(WebUtility.HtmlEncode(action.Url)).Append("</p>");
        }

        html.Append("<p style=\"font-size:smaller;color:#52606d\">").Append(WebUtility.HtmlEncode(text["Mail.Footer", BankName]))
            .Append("</p></body></html>");
        return html.ToString();
    }

    private string Text(MailDraft draft)
    {
        var body = new StringBuilder();
        body.Append(BankName).Append(" · TrainingPortal\n\n");
        body.Append(text["Mail.Greeting", draft.ToName]).Append("\n\n");
        foreach (var paragraph in draft.Paragraphs)
        {
            body.Append(paragraph).Append("\n\n");
        }

        if (draft.Action is { } action)
        {
            body.Append(text["Mail.ActionLine", action.Label]).Append('\n').Append(action.Url).Append("\n\n");
        }

        body.Append("-- \n").Append(text["Mail.Footer", BankName]).Append('\n');
        return body.ToString();
    }
}
