using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using TrainingPortal.Data;
using TrainingPortal.Web.Mail;
using TrainingPortal.Web.Tests.Foundation;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>Where mails go when no SMTP server is set: to files in Development, nowhere (held) elsewhere.</summary>
public class MailRoutingTests
{
    [Fact]
    public async Task Without_an_SMTP_server_Development_writes_each_mail_to_an_eml_file_and_marks_it_sent()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"trainingportal-mail-{Guid.NewGuid():N}");
        try
        {
            await using var portal = new MailFactory(new Dictionary<string, string> { ["Email:PickupDirectory"] = folder });
            var written = (await MailHarness.AddAsync(portal.Services, MailHarness.Draft("li.na@demo.bank", "李娜", "设置密码")))[0];

            var counts = await MailHarness.DeliverAsync(portal.Services);

            Assert.Equal(1, counts.Sent);
            var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(folder, "*.eml")));
            Assert.Equal(written.MessageId, message.MessageId);
            Assert.Equal("设置密码", message.Subject);
            Assert.Equal("李娜", Assert.Single(message.To.Mailboxes).Name);
            Assert.Equal(OutboxState.Sent, MailHarness.Row(portal.Services, written.Id).State);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Without_an_SMTP_server_outside_Development_start_up_warns_and_mails_wait_in_the_outbox()
    {
        var warnings = new FirstLogEntry<MailDeliveryService>(LogLevel.Warning);
        await using var portal = new MailFactory(new Dictionary<string, string>
            {
                ["Portal:PublicBaseUrl"] = "https://portal.bank.example", ["DataProtection:AllowUnencryptedKeys"] = "true",
                ["Database:SeedDemoDataOutsideDevelopment"] = "true", // the test portal seeds the demo organisation
            },
            environment: "Production", keepBackgroundDelivery: true, configureServices: services => services.AddSingleton<ILoggerProvider>(warnings));
        _ = portal.Services;

        Assert.Contains("Email:Smtp:Host is not set", await warnings.First);
        var written = (await MailHarness.AddAsync(portal.Services, MailHarness.Draft("held@demo.bank")))[0];
        Assert.Equal(DeliveryCounts.None, await MailHarness.DeliverAsync(portal.Services));
        var row = MailHarness.Row(portal.Services, written.Id);
        Assert.Equal((OutboxState.Pending, 0, null), (row.State, row.Attempts, row.LeaseToken));
    }
}

/// <summary>The SMTP settings start-up refuses, before any mail is sent.</summary>
public class SmtpSettingsTests
{
    [Theory]
    [InlineData("smtp.bank.example", "None", "portal", false)]
    [InlineData("10.1.2.3", "None", "portal", false)]
    [InlineData("smtp.bank.example", "StartTls", "portal", true)]
    [InlineData("smtp.bank.example", "SslOnConnect", "portal", true)]
    [InlineData("smtp.bank.example", "None", "", true)] // an open relay inside the bank: no password to give away
    [InlineData("localhost", "None", "portal", true)]
    [InlineData("127.0.0.1", "None", "portal", true)]
    [InlineData("::1", "None", "portal", true)]
    public void A_password_that_would_cross_the_network_unencrypted_stops_the_portal_starting(string host, string security, string userName, bool accepted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = host, ["Email:Smtp:Security"] = security, ["Email:Smtp:UserName"] = userName, ["Email:Smtp:Password"] = "secret",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPortalMail(configuration).BuildServiceProvider();

        var read = Record.Exception(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MailSettings>>().Value);

        if (accepted)
        {
            Assert.Null(read);
        }
        else
        {
            Assert.Contains("the SMTP password would cross the network unencrypted", Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(read).Message);
        }
    }
}
