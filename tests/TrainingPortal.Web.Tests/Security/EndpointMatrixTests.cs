using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>
/// Every endpoint the app exposes, for anonymous visitors and each of the five roles, against one declared
/// table. A page added later without a line here fails the test, so access is always a decision.
/// </summary>
public class EndpointMatrixTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    internal enum Who { Anonymous, Employee, BranchManager, HR, Executive, Admin }

    internal const string Anyone = "anyone";
    internal const string Staff = "staff";
    internal const string Nobody = "nobody";

    internal static readonly Dictionary<Who, string> Emails = new()
    {
        [Who.Employee] = "employee@demo.bank", [Who.BranchManager] = "manager@demo.bank", [Who.HR] = "hr@demo.bank",
        [Who.Executive] = "exec@demo.bank", [Who.Admin] = "admin@demo.bank",
    };

    /// <summary>Route pattern → who may open it: anyone, staff (any signed-in role), nobody (hidden), or a role list.</summary>
    internal static readonly Dictionary<string, string> Access = new()
    {
        [""] = Staff,
        ["Index"] = Staff,
        ["home"] = Staff,
        ["hr"] = "HR,Admin",
        ["Error"] = Anyone,
        ["status/{code:int}"] = Anyone,
        ["healthz"] = Anyone,
        ["verify/{code?}"] = Anyone,
        ["glossary"] = Staff,
        ["culture"] = Anyone,
        ["session"] = Staff,
        ["courses"] = Staff,
        ["courses/{course}"] = Staff,
        ["courses/{course}/{lesson}"] = Staff,
        ["courses/{course}/assets/{**path}"] = Staff,
        ["courses/{course}/practice-card"] = Staff,
        ["courses/{course}/quiz"] = Staff,
        ["courses/{course}/quiz/attempts"] = Staff,
        ["courses/{course}/quiz/attempts/{id:long}"] = Staff,
        ["certificates"] = Staff,
        ["certificates/{serial}/pdf"] = Staff,
        ["branch"] = "BranchManager",
        ["branch/observations"] = "BranchManager",
        ["branch/observations/new"] = "BranchManager",
        ["branch/observations/{id:long}/edit"] = "BranchManager", // observation 1 of the demo data is the demo manager's own
        ["observations/{id:long}"] = "BranchManager", // the person observed and their branch's managers only: never HR or executives
        ["pulse"] = Staff,
        ["hr/pulse"] = "HR,Admin",
        ["dashboard"] = "Executive,HR,Admin",
        ["dashboard/branches/{code}"] = "Executive,HR,Admin,BranchManager",
        ["reports/completion"] = "HR,Admin",
        ["hr/assignments"] = "HR,Admin",
        ["hr/import"] = "HR,Admin",
        ["hr/audit"] = "HR,Admin",
        ["hr/employees/{id}"] = "HR,Admin",
        ["admin/users"] = "HR,Admin",
        ["admin/users/new"] = "HR,Admin",
        ["admin/users/{id}/edit"] = "HR,Admin", // the sample is the demo employee, whom HR may change
        ["admin/users/{id}/authenticator"] = "Admin",
        ["admin/mail"] = "Admin",
        ["Identity/Account/Login"] = Anyone,
        ["Identity/Account/Logout"] = Anyone,
        ["Identity/Account/AccessDenied"] = Staff,
        ["Identity/Error"] = Anyone,
        ["{**path:file}"] = Anyone,
        ["Identity/Account/Lockout"] = Anyone,
        ["Identity/Account/ResetPassword"] = Nobody,
        ["Identity/Account/ResetPasswordConfirmation"] = Nobody,
        ["account/set-password"] = Anyone,
        ["account/forgot-password"] = Anyone,
        ["Identity/Account/LoginWith2fa"] = Anyone,
        ["Identity/Account/LoginWithRecoveryCode"] = Anyone,
        ["Identity/Account/Register"] = Nobody,
        ["Identity/Account/RegisterConfirmation"] = Nobody,
        ["Identity/Account/ForgotPassword"] = Nobody,
        ["Identity/Account/ForgotPasswordConfirmation"] = Nobody,
        ["Identity/Account/ExternalLogin"] = Anyone,
        ["Identity/Account/ResendEmailConfirmation"] = Nobody,
        ["Identity/Account/ConfirmEmail"] = Nobody,
        ["Identity/Account/ConfirmEmailChange"] = Nobody,
        ["Identity/Account/Manage"] = Staff,
        ["Identity/Account/Manage/Index"] = Staff,
        ["Identity/Account/Manage/ChangePassword"] = Staff,
        ["Identity/Account/Manage/SetPassword"] = Staff,
        ["Identity/Account/Manage/PersonalData"] = Nobody,
        ["Identity/Account/Manage/DownloadPersonalData"] = Nobody,
        ["Identity/Account/Manage/TwoFactorAuthentication"] = Staff,
        ["Identity/Account/Manage/EnableAuthenticator"] = Staff,
        ["Identity/Account/Manage/Disable2fa"] = Nobody,
        ["Identity/Account/Manage/GenerateRecoveryCodes"] = Nobody,
        ["Identity/Account/Manage/ResetAuthenticator"] = Nobody,
        ["Identity/Account/Manage/ShowRecoveryCodes"] = Staff,
        ["Identity/Account/Manage/Email"] = Nobody,
        ["Identity/Account/Manage/DeletePersonalData"] = Nobody,
        ["Identity/Account/Manage/ExternalLogins"] = Nobody,
    };

    private IReadOnlyList<string> AppEndpoints() => AppEndpoints(factory.Services);

    private string UrlFor(string pattern) => UrlFor(factory.Services, pattern);

    internal static IReadOnlyList<string> AppEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    internal static string UrlFor(IServiceProvider services, string pattern)
    {
        var sample = TestData.Query(services, db => new
        {
            Employee = db.Users.Where(u => u.Email == "employee@demo.bank").Select(u => u.Id).Single(),
            Branch = db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.Branch!.Code).Single(),
            Serial = db.Certificates.OrderBy(c => c.Id).Select(c => c.Serial).First(),
            Code = db.Certificates.OrderBy(c => c.Id).Select(c => c.VerificationCode).First(),
        });
        var url = "/" + pattern
            .Replace("{course}", "customers-at-the-centre")
            .Replace("{lesson}", "why-relationships-drive-growth")
            .Replace("{**path}", "images/share-of-wallet.svg")
            .Replace("{**path:file}", "favicon.ico")
            .Replace("{id:long}", "1")
            .Replace("{code:int}", "404")
            .Replace("{serial}", sample.Serial)
            .Replace("{id}", sample.Employee);
        return url.Replace("{code?}", sample.Code).Replace("{code}", sample.Branch);
    }

    [Fact]
    public void Every_endpoint_is_in_the_access_table()
    {
        var missing = AppEndpoints().Where(e => !Access.ContainsKey(e)).ToList();
        var stale = Access.Keys.Where(k => !AppEndpoints().Contains(k)).ToList();

        Assert.True(missing.Count == 0, "Endpoints without a line in the access table: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Lines for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Each_role_gets_exactly_the_access_the_table_declares()
    {
        var clients = new Dictionary<Who, PortalClient> { [Who.Anonymous] = new PortalClient(factory) };
        foreach (var (who, email) in Emails)
        {
            clients[who] = await PortalClient.SignedInAsync(factory, email);
        }

        var failures = new List<string>();
        foreach (var pattern in AppEndpoints().Where(Access.ContainsKey))
        {
            var rule = Access[pattern];
            var url = UrlFor(pattern);
            foreach (var (who, client) in clients)
            {
                var response = await client.Http.GetAsync(url);
                var status = response.StatusCode;
                var toLogin = status == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal)
                    && !url.StartsWith("/Identity/Account/Logout", StringComparison.Ordinal);
                var denied = toLogin || status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                var expectAllowed = rule switch
                {
                    Anyone => true,
                    Staff => who != Who.Anonymous,
                    Nobody => false,
                    _ => who != Who.Anonymous && rule.Split(',').Contains(who.ToString()),
                };
                var ok = rule == Nobody
                    ? status == HttpStatusCode.NotFound || (who == Who.Anonymous && toLogin)
                    : expectAllowed ? !denied && (int)status < 500 : (who == Who.Anonymous ? toLogin : status == HttpStatusCode.Forbidden);
                if (!ok)
                {
                    failures.Add($"{who} GET {url}: {(int)status} (expected {(rule == Nobody ? "404" : expectAllowed ? "allowed" : "denied")})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Every_form_endpoint_refuses_a_post_without_the_antiforgery_token()
    {
        var clients = new Dictionary<Who, PortalClient> { [Who.Anonymous] = new PortalClient(factory) };
        foreach (var (who, email) in Emails)
        {
            clients[who] = await PortalClient.SignedInAsync(factory, email);
        }

        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null
                        && e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute>() is null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Where(p => Access.TryGetValue(p, out var rule) && rule != Nobody)
            .ToList();
        Assert.True(pages.Count > 30, $"only {pages.Count} pages found");

        var failures = new List<string>();
        foreach (var pattern in pages)
        {
            var rule = Access[pattern];
            var who = rule == Anyone ? Who.Anonymous : rule == Staff ? Who.Employee : Enum.Parse<Who>(rule.Split(',')[0]);
            var response = await clients[who].Http.PostAsync(UrlFor(pattern), new FormUrlEncodedContent([new("Input.Email", "x@y.z")]));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{who} POST {UrlFor(pattern)} without a token: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
