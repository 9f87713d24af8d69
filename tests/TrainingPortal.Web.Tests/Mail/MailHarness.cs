using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>
/// The real app (see <see cref="PortalFactory"/>) with mail settings of its own. Its background delivery is taken out,
/// so a test delivers exactly when it calls <see cref="MailDelivery"/> and the fake clock alone decides what is due.
/// </summary>
public sealed class MailFactory(IReadOnlyDictionary<string, string> settings, string environment = "Development", bool keepBackgroundDelivery = false,
    Action<IServiceCollection>? configureServices = null, string? sharedDatabasePath = null, TestDatabase? database = null)
    : PortalFactory(database ?? (sharedDatabasePath is null ? TestDatabase.NewSqlite() : TestDatabase.SharedSqlite(sharedDatabasePath)))
{
    public ClaimRendezvous Claims { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(Claims)));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }

        if (!keepBackgroundDelivery)
        {
            builder.ConfigureTestServices(services =>
            {
                foreach (var delivery in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MailDeliveryService)).ToList())
                {
                    services.Remove(delivery);
                }
            });
        }
    }
}

/// <summary>An SMTP server for the test and an app that sends to it; one per test class.</summary>
public sealed class MailHarness : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; private set; } = null!;

    public MailFactory Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync();
        Portal = new MailFactory(SendingTo(Smtp, batchSize: 5));
        _ = Portal.Services; // starts the app: migrations and demo data
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Mail settings that send to the test's SMTP server, in batches of <paramref name="batchSize"/>.</summary>
    public static Dictionary<string, string> SendingTo(TestSmtpServer smtp, int batchSize) => SendingTo(smtp.Port, batchSize);

    /// <summary>Mail settings that send to whatever listens on <paramref name="port"/> of 127.0.0.1, perhaps nothing.</summary>
    public static Dictionary<string, string> SendingTo(int port, int batchSize) => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "Harbourline Bank <training@harbourline.example>",
        ["Email:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
    };

    public static MailDraft Draft(string to, string name = "Test Learner", string subject = "Set your password") =>
        new("invitation", to, name, subject, ["Your account on the training portal is open."], new MailAction("Set your password", "https://portal.bank.example/account/set-password?code=abc"));

    /// <summary>Writes mails the way a use case does: through <see cref="MailOutbox"/>, in one save.</summary>
    public static async Task<IReadOnlyList<OutboxMail>> AddAsync(IServiceProvider services, params MailDraft[] drafts)
    {
        await using var scope = services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        var mails = drafts.Select(draft => outbox.Add(draft)).ToList();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        return mails;
    }

    public Task<IReadOnlyList<OutboxMail>> AddAsync(params MailDraft[] drafts) => AddAsync(Portal.Services, drafts);

    /// <summary>One delivery run in a scope of its own, as the background service makes one.</summary>
    public static async Task<DeliveryCounts> DeliverAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverDueAsync(CancellationToken.None);
    }

    public Task<DeliveryCounts> DeliverAsync() => DeliverAsync(Portal.Services);

    public static OutboxMail Row(IServiceProvider services, long id) => TestData.Query(services, db => db.OutboxMails.AsNoTracking().Single(m => m.Id == id));

    public OutboxMail Row(long id) => Row(Portal.Services, id);

    public DateTime Now => Portal.Clock.GetUtcNow().UtcDateTime;
}
