using System.Net;
using System.Text;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Mail;

/// <summary>A mail to one person: a greeting, paragraphs of plain text, and at most one link to act on.</summary>
public sealed record MailDraft(string Kind, string ToAddress, string ToName, string Subject, IReadOnlyList<string> Paragraphs, MailAction? Action = null);

public sealed record MailAction(string Label, string Url);

/// <summary>
/// Adds mails to the caller's unit of work, so a mail exists exactly when the change that causes it commits.
/// Bodies are written here, HTML and plain text, with every value encoded and the bank's name on them.
/// </summary>
public sealed class MailOutbox(PortalDbContext db, TimeProvider time, IConfiguration configuration, PublicUrls urls)
{
    public OutboxMail Add(MailDraft draft)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var mail = new OutboxMail
        {
            MessageId = $"{Guid.NewGuid():N}@{MessageIdDomain()}",
            Kind = draft.Kind,
            ToAddress = draft.ToAddress,
            ToName = draft.ToName,
            Subject = draft.Subject,
            HtmlBody = Html(draft),
            TextBody = Text(draft),
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
            State = OutboxState.Pending,
        };
        db.OutboxMails.Add(mail);
        return mail;
    }

    public string BankName => PortalSettings.BankName(configuration);

    private string MessageIdDomain() => new Uri(urls.BaseUrl(request: null)).Host;

    private string Html(MailDraft draft)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:Arial,'Microsoft YaHei',sans-serif;color:#1f2933;max-width:40em\">");
        html.Append("<p style=\"font-weight:bold;color:#0b4f6c\">").Append(WebUtility.HtmlEncode(BankName)).Append(" · TrainingPortal</p>");
        html.Append("<p>").Append(WebUtility.HtmlEncode($"Dear {draft.ToName},")).Append("</p>");
        foreach (var paragraph in draft.Paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        if (draft.Action is { } action)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(action.Url)).Append("\" style=\"background:#0b4f6c;color:#fff;padding:.5em 1em;text-decoration:none;border-radius:4px\">")
                .Append(WebUtility.HtmlEncode(action.Label)).Append("</a></p>");
            html.Append("<p style=\"font-size:smaller\">").Append(WebUtility.HtmlEncode("If the button does not work, copy this address into your browser: "))
                .Append(WebUtility.HtmlEncode(action.Url)).Append("</p>");
        }

        html.Append("<p style=\"font-size:smaller;color:#52606d\">").Append(WebUtility.HtmlEncode($"{BankName}, staff training. This mail was sent automatically; replies are not read."))
            .Append("</p></body></html>");
        return html.ToString();
    }

    private string Text(MailDraft draft)
    {
        var text = new StringBuilder();
        text.Append(BankName).Append(" · TrainingPortal\n\n");
        text.Append("Dear ").Append(draft.ToName).Append(",\n\n");
        foreach (var paragraph in draft.Paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        if (draft.Action is { } action)
        {
            text.Append(action.Label).Append(":\n").Append(action.Url).Append("\n\n");
        }

        text.Append("-- \n").Append(BankName).Append(", staff training. This mail was sent automatically; replies are not read.\n");
        return text.ToString();
    }
}
