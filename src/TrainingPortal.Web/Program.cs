using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Mail;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Seeding;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Staff;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Reminders;
using TrainingPortal.Web.CustomerFirst;

var command = PortalCommands.Named(args);
if (command is not null && !PortalCommands.All.Contains(command))
{
    Console.Error.WriteLine(PortalCommands.Unknown(command));
    return 2;
}

if (command == PortalCommands.ValidateContent)
{
    return ContentCommands.Validate(args);
}

if (command == PortalCommands.Translations)
{
    return TranslationCommands.Run(args);
}

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
var configuration = builder.Configuration;

var clock = TimeProvider.System;
if (command == ReminderCommands.Name)
{
    if (ReminderCommands.Clock(args, configuration, out var usage) is not { } commandClock)
    {
        Console.Error.WriteLine(usage);
        return 2;
    }

    clock = commandClock;
}

// Structured logs with scopes (request id, user id); one JSON object a line outside Development.
builder.Logging.ClearProviders();
if (builder.Environment.IsDevelopment())
{
    builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
}
else
{
    builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
}

var contentPath = ContentSetup.ResolveContentPath(configuration, builder.Environment.ContentRootPath);
ContentLibrary content;
try
{
    content = ContentLoader.LoadLibraryOrThrow(contentPath);
}
catch (ContentValidationException ex)
{
    Console.Error.WriteLine($"TrainingPortal will not start: the content in {contentPath} is invalid.");
    Console.Error.WriteLine(ex.Message);
    return 1;
}

if (PublicUrls.Require(services, configuration, builder.Environment) is { } problem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {problem}");
    return 1;
}

if (services.AddPortalLocalization(configuration) is { } languageProblem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {languageProblem}");
    return 1;
}

services.AddSingleton(content);
// Each request reads the courses in its own language; ids, settings and answers are the same in every language.
services.AddTransient(_ => content.For(DateDisplay.CurrentLanguage));
services.AddSingleton(clock);
services.AddSingleton<TrainingPortal.Web.Certificates.CertificateTitles>();
services.AddScoped<AuditLog>();
services.AddScoped<AuditSentences>();
services.AddScoped<RequiredCourseSync>();
services.AddScoped<CompletionTallies>();
services.AddScoped<BehaviourTallies>();
services.AddScoped<ActiveStaffTallies>();
services.AddScoped<PulseTallies>();
services.AddScoped<QuizAttempts>();
services.AddScoped<DashboardCache>();
services.AddSingleton<SideReads>();
services.AddSingleton<PublicUrls>();
services.AddScoped<MailOutbox>();
services.AddScoped<PendingStaffImports>();

// Every write is one of these use cases: each owns its checks, transaction, audit entry and derived data.
services.AddScoped<SerializableWrites>();
services.AddScoped<CreateAccount>();
services.AddScoped<InviteStaff>();
services.AddScoped<SetPasswordFromLink>();
services.AddScoped<RequestPasswordReset>();
services.AddScoped<ImportStaff>();
services.AddScoped<StaffImportDownloads>();
services.AddScoped<CreateAssignment>();
services.AddScoped<EndAssignment>();
services.AddOptions<AccountSettings>().Bind(builder.Configuration.GetSection(AccountSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
services.AddOptions<DashboardSettings>().Bind(builder.Configuration.GetSection(DashboardSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
services.AddScoped<ChangeAccount>();
services.AddScoped<SetAccountActive>();
services.AddScoped<ChangeAssignmentDue>();
services.AddScoped<CompleteLesson>();
services.AddScoped<EndSignOnLinks>();
services.AddScoped<StartQuizAttempt>();
services.AddScoped<SubmitQuiz>();
services.AddScoped<GrantExtraAttempt>();
services.AddScoped<IssueCertificate>();
services.AddScoped<RevokeCertificate>();
services.AddScoped<EnrolAuthenticator>();
services.AddScoped<ChangeOwnPassword>();
services.AddScoped<ResetAuthenticator>();
services.AddScoped<LinkExternalLogin>();
services.AddScoped<ChooseLanguage>();
services.AddScoped<LanguageChoice>();
services.AddScoped<ChooseDigest>();
services.AddMemoryCache(o => o.SizeLimit = 1_000);
services.AddPortalDatabase(builder.Environment.ContentRootPath);
services.AddPortalMail(configuration);
if (services.AddCustomerFirst(configuration) is { } customerFirstProblem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {customerFirstProblem}");
    return 1;
}

if (services.AddPortalReminders(configuration) is { } reminderProblem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {reminderProblem}");
    return 1;
}

services.AddDefaultIdentity<PortalUser>(options =>
    {
        options.SignIn.RequireConfirmedAccount = false;
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
        options.Tokens.PasswordResetTokenProvider = AccountLinkTokens.ProviderName;
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<PortalDbContext>()
    .AddClaimsPrincipalFactory<PortalClaimsFactory>()
    .AddSignInManager<PortalSignInManager>()
    .AddPasswordValidator<CommonPasswordValidator>()
    .AddErrorDescriber<LocalizedIdentityErrors>()
    .AddTokenProvider<AccountLinkTokens>(AccountLinkTokens.ProviderName);

services.AddSecondFactor();

// SessionLifetime checks the security stamp on every request (one indexed read), so signing out, a
// password change or disabling an account ends every copy of the session at once. Identity's own
// validator then only refreshes the claims (name, branch, role) every few minutes.
services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));

services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordPolicy.Pbkdf2Iterations);

// Cookies are Secure outside Development. Behind a TLS-terminating proxy, ForwardedHeaders (below) tells the
// app the original request was HTTPS; Cookies:RequireSecure=false exists only for a local trial over plain HTTP.
var secureCookies = builder.Environment.IsDevelopment() || !configuration.GetValue("Cookies:RequireSecure", true)
    ? CookieSecurePolicy.SameAsRequest
    : CookieSecurePolicy.Always;
services.AddSingleton(new CookieSecurity(secureCookies));
var knownProxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
if (knownProxies.FirstOrDefault(proxy => !System.Net.IPAddress.TryParse(proxy, out _)) is { } notAnAddress)
{
    Console.Error.WriteLine($"TrainingPortal will not start: ForwardedHeaders:KnownProxies holds '{notAnAddress}', which is not an IP address "
        + "(give the proxy's address as the portal sees it, e.g. 172.20.0.10, not a host name or a range).");
    return 1;
}

services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
    foreach (var proxy in knownProxies)
    {
        options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
    }
});

services.AddHsts(options =>
{
    options.MaxAge = TimeSpan.FromDays(365);
    options.IncludeSubDomains = true;
});

services.ConfigureApplicationCookie(options =>
{
    options.Cookie.Name = "TrainingPortal.Auth";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = secureCookies;
    options.ExpireTimeSpan = SessionLifetime.Idle;
    options.SlidingExpiration = true;
    options.Events.OnValidatePrincipal = SessionLifetime.ValidateAsync;
    options.Events.OnCheckSlidingExpiration = SessionLifetime.NoteSlidingRenewal;
    options.Events.OnSigningIn = SessionLifetime.StampSignInTime;
    options.Events.OnRedirectToAccessDenied = context =>
    {
        // A forbidden page answers 403 with the friendly status page, not a redirect that hides the refusal.
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TrainingPortal.Authorization")
            .LogWarning("Access denied to {Path} for user {UserId}", context.Request.Path, context.HttpContext.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});

services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(options =>
{
    options.Cookie.Name = "TrainingPortal.TempData";
    options.Cookie.SecurePolicy = secureCookies;
    options.Cookie.SameSite = SameSiteMode.Lax;
});

services.AddAntiforgery(options =>
{
    options.Cookie.Name = "TrainingPortal.Antiforgery";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    options.Cookie.SecurePolicy = secureCookies;
});

if (SingleSignOn.Add(services, configuration, builder.Environment, secureCookies) is { } signInProblem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {signInProblem}");
    return 1;
}

if (services.AddPortalDataProtection(configuration, builder.Environment) is { } keyProblem)
{
    Console.Error.WriteLine($"TrainingPortal will not start: {keyProblem}");
    return 1;
}

// The demo accounts share the password README publishes: a staging copy given them would open them to anyone.
var writesDemoAccounts = configuration.GetValue("Database:SeedDemoData", false) ? "Database:SeedDemoData is true"
    : command == PortalCommands.GenerateDemo ? "generate-demo writes the demo organisation" : null;
if (writesDemoAccounts is not null && !builder.Environment.IsDevelopment() && !configuration.GetValue("Database:SeedDemoDataOutsideDevelopment", false))
{
    Console.Error.WriteLine($"TrainingPortal will not start: {writesDemoAccounts} outside Development, and the demo accounts' "
        + "password is published in README. Set Database:SeedDemoDataOutsideDevelopment=true as well for a closed test environment.");
    return 1;
}

services.AddAuthorization(options =>
{
    Policies.Add(options);
    options.FallbackPolicy = options.DefaultPolicy; // deny by default: every endpoint needs a signed-in user
});

services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Admin", Policies.ManageAccounts);
    options.Conventions.AuthorizePage("/Admin/Mail/Index", Policies.Administration); // on top of the folder's policy, which HR also meets
    options.Conventions.AuthorizeFolder("/Hr", Policies.HumanResources);
    options.Conventions.AuthorizeFolder("/Reports", Policies.HumanResources);
    options.Conventions.AuthorizeFolder("/Branch", Policies.ManageBranch);
    options.Conventions.AuthorizePage("/Dashboard/Index", Policies.ViewDashboard);
    HiddenPages.Hide(options.Conventions);
    options.Conventions.AuthorizePage("/Dashboard/Branch", Policies.ViewBranchDashboard);
    options.Conventions.AddAreaPageApplicationModelConvention("Identity", "/Account/Login",
        model => model.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RateLimits.SignIn)));
}).AddPortalDataAnnotationsLocalization()
    .AddMvcOptions(options =>
    {
        options.ModelBinderProviders.Insert(0, new CheckboxBinderProvider());
        options.Filters.Add<RefuseNulCharacters>();
    });

services.AddPortalRateLimits();
services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
services.AddStartupWarmUp(configuration);

var app = builder.Build();

// First, so that HSTS, Secure cookies, redirects and rate limits see the scheme and client address the proxy received.
app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseRouting();
app.UseAuthentication();
app.UseRequestLocalization(); // after authentication: a signed-in person's saved language comes first
app.UseNoStoreForPersonalResponses();
app.UseUserLoggingScope();
app.UseSecondFactorEnrolment();
app.UseAuthorization();
app.UsePortalRateLimits();

app.MapStaticAssets().AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapCourseAssets();

// Commands run after the endpoints are mapped, so that links they print come from routing. A command never starts
// the host, which is when the mapped endpoints are handed to link generation: this does it instead.
if (command is PortalCommands.Migrate or PortalCommands.GenerateDemo or PortalCommands.CreateAdmin or CompletionTallies.RebuildCommand or ReminderCommands.Name)
{
    app.UseEndpoints(_ => { });
}

if (command == PortalCommands.Migrate)
{
    await DatabaseSetup.WithStartupLockAsync(app.Services, async () =>
    {
        await DatabaseSetup.MigrateAsync(app.Services);
        await AccountCommands.EnsureRolesAsync(app.Services);
    });
    Console.WriteLine("Database migrated.");
    return 0;
}

if (command == CompletionTallies.RebuildCommand)
{
    return await CompletionTallies.RunRebuildCommandAsync(app.Services, CancellationToken.None);
}

if (command == PortalCommands.GenerateDemo)
{
    return await GenerateDemoCommand.RunAsync(app.Services, args);
}

if (command == PortalCommands.CreateAdmin)
{
    await DatabaseSetup.WithStartupLockAsync(app.Services, async () =>
    {
        await DatabaseSetup.MigrateAsync(app.Services);
        await AccountCommands.EnsureRolesAsync(app.Services);
    });
    return await AccountCommands.CreateAdminAsync(app.Services, args);
}

var migrateOnStart = configuration.GetValue("Database:MigrateOnStart", true);
var seedDemoData = configuration.GetValue("Database:SeedDemoData", false);
if (migrateOnStart || seedDemoData)
{
    await DatabaseSetup.WithStartupLockAsync(app.Services, async () =>
    {
        if (migrateOnStart)
        {
            await DatabaseSetup.MigrateAsync(app.Services);
            await AccountCommands.EnsureRolesAsync(app.Services);
        }

        if (seedDemoData)
        {
            await DemoSeeder.SeedAsync(app.Services);
        }
    });
}

if (command == ReminderCommands.Name)
{
    return await ReminderCommands.RunAsync(app.Services, CancellationToken.None);
}

await app.RunAsync();
return 0;

public partial class Program;
