using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>Findings of the security review that the Development host shows: one test (or two) per finding.</summary>
public class SecurityFindingsTests(SecurityFindingsTests.CountingFactory factory) : IClassFixture<SecurityFindingsTests.CountingFactory>
{
    /// <summary>The portal with its password hasher wrapped, so a test can see that a sign-in did the hashing work.</summary>
    public sealed class CountingFactory : PortalFactory
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddScoped<IPasswordHasher<PortalUser>>(provider =>
                new CountingHasher(new PasswordHasher<PortalUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>()), () => Interlocked.Increment(ref _verifications))));
        }

        private sealed class CountingHasher(IPasswordHasher<PortalUser> inner, Action counted) : IPasswordHasher<PortalUser>
        {
            public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
            {
                counted();
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }

    private IServiceProvider Services => factory.Services;

    private static string Unique() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    // Finding 2: employee numbers

    [Theory]
    [InlineData("adm-lower-1", "ADM-LOWER-1", false)]
    [InlineData("ADM-UPPER-2", "adm-upper-2", false)]
    [InlineData("adm-legacy-3", "ADM-LEGACY-3", true)]
    public async Task An_hr_import_cannot_change_an_administrator_whatever_the_case_of_the_employee_number(string created, string inFile, bool storedAsTyped)
    {
        var suffix = Unique();
        var (number, fileNumber) = ($"{created}-{suffix}", $"{inFile}-{suffix}");
        var email = $"admin-{suffix}@demo.bank".ToLowerInvariant();
        await using (var scope = Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
                new NewAccount(number, "Case Admin", email, "Portal Administrator", new DateOnly(2020, 1, 6), null, Roles.Admin), Actor.Console, CancellationToken.None);
            Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
            Assert.Equal(number.ToUpperInvariant(), outcome.Value!.EmployeeNumber);
            if (storedAsTyped)
            {
                // A row written before numbers were normalised (or by hand): SQLite compares it case-sensitively.
                var id = outcome.Value.Id;
                await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.Where(u => u.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.EmployeeNumber, number));
            }
        }

        var before = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == email));
        var hr = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));
        var branchCode = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).First());
        var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"employee_number,name,email,branch_code,job_title,hire_date\n{fileNumber},Renamed By Hr,{email},{branchCode},Teller,2020-01-06\n"));

        StaffImportOutcome imported;
        await using (var scope = Services.CreateAsyncScope())
        {
            imported = await scope.ServiceProvider.GetRequiredService<ImportStaff>().ExecuteAsync(
                csv, "staff.csv", deactivateMissing: false, new Actor(hr.Id, hr.DisplayName, [Roles.HR]), CancellationToken.None);
        }

        var problem = Assert.Single(imported.Problems);
        Assert.Equal(("employee_number", 2), (problem.Field, problem.Row));
        Assert.Contains("only an administrator may change it", problem.Message);
        var after = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Id == before.Id));
        Assert.Equal((before.DisplayName, before.BranchId, before.JobTitle, before.SecurityStamp), (after.DisplayName, after.BranchId, after.JobTitle, after.SecurityStamp));
    }

    // Finding 5: breached and guessable passwords

    private async Task<List<string>> RefusalsAsync(string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser { DisplayName = "Ama Mensah-Boateng", Email = "ama.mensah@demo.bank", UserName = "ama.mensah@demo.bank", EmployeeNumber = "T-4711" };
        var codes = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            codes.AddRange((await validator.ValidateAsync(users, person, password)).Errors.Select(e => e.Code));
        }

        return codes;
    }

    [Theory]
    [InlineData("porsche911", "CommonPassword")] // rank 2,529 of Openwall's list
    [InlineData("Porsche911!", "CommonPassword")]
    [InlineData("butterfly1", "CommonPassword")] // rank 2,435
    [InlineData("Harbourline2026!", "BankNamePassword")]
    [InlineData("harbourline bank 1", "BankNamePassword")]
    [InlineData("海港银行海港银行2026", "BankNamePassword")] // the bank's Chinese name (Portal:BankNames)
    [InlineData("Harbourline海港银行1", "BankNamePassword")] // both names at once
    [InlineData("Mensah20261990", "PersonalPassword")]
    [InlineData("boateng-is-strong", "PersonalPassword")]
    [InlineData("amamensah!2026", "PersonalPassword")]
    public async Task Common_bank_and_personal_passwords_are_refused(string password, string code)
    {
        Assert.Equal([code], await RefusalsAsync(password));
    }

    [Theory]
    [InlineData("quiet riverbank stroll at dawn")]
    [InlineData("copper kettle whistles twice")]
    public async Task A_long_passphrase_of_ones_own_is_accepted(string password)
    {
        Assert.Empty(await RefusalsAsync(password));
    }

    [Fact]
    public void The_embedded_breach_list_holds_the_published_list_and_its_source_is_recorded_beside_it()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("TrainingPortal.CommonPasswords.txt")!;
        var entries = new StreamReader(stream).ReadToEnd().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.True(entries.Count >= 3_000, $"{entries.Count} entries");
        Assert.Equal(["123456", "12345", "password"], entries.Take(3));
        var licence = File.ReadAllText(Path.Combine(SourceRoot(), "src", "TrainingPortal.Web", "Infrastructure", "CommonPasswords.LICENSE.txt"));
        Assert.Contains("assumed to be in the public domain", licence);
    }

    // Finding 6: an unknown email costs what a wrong password costs

    [Fact]
    public async Task An_unknown_email_is_checked_against_a_hash_like_a_wrong_password()
    {
        var client = new PortalClient(factory);

        var before = factory.Verifications;
        var unknown = await client.SignInAsync($"nobody-{Unique()}@demo.bank", "a wrong password 1");
        var afterUnknown = factory.Verifications;
        var wrong = await client.SignInAsync("exec@demo.bank", "a wrong password 2");
        var afterWrong = factory.Verifications;

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, afterWrong - afterUnknown);
    }

    // Finding 7: a revoked certificate is not handed out as a PDF

    [Fact]
    public async Task The_holder_of_a_revoked_certificate_gets_a_gone_page_saying_when_instead_of_the_pdf()
    {
        const string slug = "customers-at-the-centre";
        var learner = await TestData.CreateLearnerAsync(Services, "Revoked Holder");
        await TestData.CompleteLessonsAsync(Services, learner.Id, slug);
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        await new QuizDriver(factory, client, slug).PassAsync();
        var certificate = TestData.Query(Services, db => db.Certificates.AsNoTracking().Single(c => c.UserId == learner.Id));
        var hr = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));
        await using (var scope = Services.CreateAsyncScope())
        {
            var revoked = await scope.ServiceProvider.GetRequiredService<RevokeCertificate>().ExecuteAsync(
                new Revocation(learner.Id, certificate.Id, "Taken under another person's sign-in"), new Actor(hr.Id, hr.DisplayName, [Roles.HR]), CancellationToken.None);
            Assert.True(revoked.Succeeded);
        }

        var response = await client.Http.GetAsync($"/certificates/{certificate.Serial}/pdf");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await client.ParseAsync(response);
        var revokedOn = factory.Clock.GetUtcNow().UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.CurrentCulture);
        Assert.Contains("was revoked on", PortalClient.Text(page.QuerySelector("[data-testid=revoked]")));
        Assert.Equal(revokedOn, PortalClient.Text(page.QuerySelector("[data-testid=revoked-on]")));
        var verify = await new PortalClient(factory).GetPageAsync($"/verify/{certificate.VerificationCode}");
        Assert.Equal("Revoked", PortalClient.Text(verify.QuerySelector("[data-testid=verification-status]")));
    }

    // Finding 8: nothing personal stays in a cache

    [Theory]
    [InlineData("employee@demo.bank", "/")]
    [InlineData("employee@demo.bank", "/certificates")]
    [InlineData("employee@demo.bank", "/courses")]
    [InlineData("employee@demo.bank", "/courses/customers-at-the-centre/assets/images/share-of-wallet.svg")] // no form: no antiforgery header either
    [InlineData("hr@demo.bank", "/reports/completion")]
    [InlineData("hr@demo.bank", "/reports/completion?format=csv")]
    [InlineData("hr@demo.bank", "/hr/assignments")]
    public async Task Pages_and_exports_for_a_signed_in_person_are_not_stored(string email, string url)
    {
        var client = await PortalClient.SignedInAsync(factory, email);

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{url}: Cache-Control is '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task A_protected_page_refused_to_a_visitor_is_not_stored_but_static_files_keep_their_caching()
    {
        var signedIn = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var home = await signedIn.GetPageAsync("/");
        var stylesheet = home.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).First(h => h.StartsWith('/'));

        var anonymous = await new PortalClient(factory).Http.GetAsync("/certificates");
        var asset = await signedIn.Http.GetAsync(stylesheet);

        Assert.True(anonymous.Headers.CacheControl?.NoStore, $"Cache-Control is '{anonymous.Headers.CacheControl}'");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.False(asset.Headers.CacheControl?.NoStore ?? false, $"{stylesheet}: Cache-Control is '{asset.Headers.CacheControl}'");
    }

    // Finding 10: bound enums and strings are checked before anything is stored

    private async Task<HttpResponseMessage> AssignAsync(Dictionary<string, string> values)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/assignments");
        return await hr.SubmitAsync(page, "main form[method=post]", values);
    }

    [Theory]
    [InlineData("Input.Target", "99", "Choose who must take the course.")]
    [InlineData("Input.DueRule", "7", "Choose how the due date is set.")]
    [InlineData("Input.JobTitle", "x101", "A job title has at most 100 characters.")]
    [InlineData("Input.CourseSlug", "x101", "Choose a course from the list.")]
    public async Task An_out_of_range_choice_or_an_over_long_text_is_refused_with_a_message_and_stores_nothing(string field, string value, string message)
    {
        var values = new Dictionary<string, string>
        {
            ["Input.CourseSlug"] = "working-in-the-new-organisation", ["Input.Target"] = "JobTitle", ["Input.JobTitle"] = "Teller",
            ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "30",
        };
        values[field] = value == "x101" ? new string('x', 101) : value;
        var assignmentsBefore = TestData.Query(Services, db => db.Assignments.Count());
        var auditBefore = TestData.Query(Services, db => db.AuditEntries.Count());

        var response = await AssignAsync(values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(assignmentsBefore, TestData.Query(Services, db => db.Assignments.Count()));
        Assert.Equal(auditBefore, TestData.Query(Services, db => db.AuditEntries.Count()));
    }

    [Fact]
    public async Task A_due_change_with_an_unknown_rule_is_refused_and_changes_nothing()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/assignments");
        var assignment = TestData.Query(Services, db => db.Assignments.AsNoTracking().OrderBy(a => a.Id).First());

        var response = await hr.SubmitAsync(page, "main form.change-due", new Dictionary<string, string>
        {
            ["Change.AssignmentId"] = assignment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Change.DueRule"] = "Tomorrow", ["Change.DueDate"] = "2030-01-01", ["Change.DueDays"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a due rule from the list", await response.Content.ReadAsStringAsync());
        var after = TestData.Query(Services, db => db.Assignments.AsNoTracking().Single(a => a.Id == assignment.Id));
        Assert.Equal((assignment.DueRule, assignment.DueDate, assignment.DueDays), (after.DueRule, after.DueDate, after.DueDays));
    }

    [Theory]
    [InlineData("/reports/completion?status=99")]
    [InlineData("/reports/completion?status=99&format=csv")]
    public async Task An_unknown_status_filter_on_the_report_does_not_fail(string url)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var response = await hr.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Finding 11: the compose stack

    [Fact]
    public void In_the_compose_stack_the_portal_signs_in_to_sql_server_and_postgresql_with_its_own_login_that_holds_no_server_role()
    {
        var root = SourceRoot();
        var services = ComposeServices(root);
        var portal = (YamlMappingNode)services["portal"];
        var connection = new SqlConnectionStringBuilder(((YamlScalarNode)((YamlMappingNode)portal["environment"])["ConnectionStrings__Portal"]).Value);
        Assert.Equal("trainingportal", connection.UserID);
        Assert.Equal("${PORTAL_DB_PASSWORD}", connection.Password);
        Assert.Equal("service_completed_successfully", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)portal["depends_on"])["sqlserver-init"])["condition"]).Value);

        var init = (YamlMappingNode)services["sqlserver-init"];
        Assert.Equal("service_healthy", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)init["depends_on"])["sqlserver"])["condition"]).Value);
        var mount = ((YamlSequenceNode)init["volumes"]).Children.Cast<YamlScalarNode>().Select(v => v.Value!.Split(':')).Single(v => v[1].EndsWith(".sql", StringComparison.Ordinal));
        Assert.Contains(mount[1], string.Join(' ', ((YamlSequenceNode)init["entrypoint"]).Children.Cast<YamlScalarNode>().Select(a => a.Value)));
        var script = string.Join('\n', File.ReadLines(Path.Combine(root, mount[0])).Select(l => l.Split("--")[0])).ToUpperInvariant();
        foreach (var serverWide in new[] { "SERVER ROLE", "SP_ADDSRVROLEMEMBER", "SYSADMIN", "SECURITYADMIN", "SERVERADMIN", "DBCREATOR", "CONTROL SERVER", "DB_OWNER", "GRANT " })
        {
            Assert.DoesNotContain(serverWide, script);
        }

        Assert.Contains("CREATE LOGIN [TRAININGPORTAL] WITH PASSWORD = N'$(PORTAL_DB_PASSWORD)'", script);
        foreach (var role in new[] { "DB_DATAREADER", "DB_DATAWRITER", "DB_DDLADMIN" })
        {
            Assert.Contains($"ALTER ROLE {role} ADD MEMBER [TRAININGPORTAL]", script);
        }

        var postgresPortal = (YamlMappingNode)services["portal-postgres"];
        var postgresConnection = new Npgsql.NpgsqlConnectionStringBuilder(((YamlScalarNode)((YamlMappingNode)postgresPortal["environment"])["ConnectionStrings__Portal"]).Value);
        Assert.Equal("trainingportal", postgresConnection.Username);
        Assert.Equal("${PORTAL_DB_PASSWORD}", postgresConnection.Password);
        var roleScript = File.ReadAllText(Path.Combine(root, "deploy/postgres/create-portal-role.sh"));
        Assert.Contains("CREATE ROLE trainingportal LOGIN PASSWORD :'portal_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;", roleScript);
        Assert.DoesNotContain("GRANT", roleScript, StringComparison.OrdinalIgnoreCase);

        var required = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, "docker-compose.yml")), @"\$\{([A-Z_]+):\?").Select(m => m.Groups[1].Value).Distinct();
        var example = File.ReadAllLines(Path.Combine(root, ".env.example")).Where(l => !l.StartsWith('#') && l.Contains('=')).Select(l => l.Split('=')[0]).ToList();
        Assert.All(required, name => Assert.Contains(name, example));
    }

    [Fact]
    public void The_compose_stack_hands_both_portals_the_mail_server_and_single_sign_on_from_env_and_each_its_own_address()
    {
        var root = SourceRoot();
        var services = ComposeServices(root);
        Dictionary<string, string> Environment(string service)
        {
            // The shared settings come through a merge key (<<: *portal-settings); the service's own keys win, as in compose.
            var own = ((YamlMappingNode)((YamlMappingNode)services[service])["environment"]).Children;
            var merged = own.Where(e => ((YamlScalarNode)e.Key).Value == "<<").SelectMany(e => ((YamlMappingNode)e.Value).Children);
            return merged.Concat(own.Where(e => ((YamlScalarNode)e.Key).Value != "<<"))
                .GroupBy(e => ((YamlScalarNode)e.Key).Value!).ToDictionary(g => g.Key, g => ((YamlScalarNode)g.Last().Value).Value!);
        }

        var example = File.ReadAllLines(Path.Combine(root, ".env.example")).Select(l => l.TrimStart('#', ' ')).Where(l => l.Contains('=')).Select(l => l.Split('=')[0]).ToHashSet();
        foreach (var service in new[] { "portal", "portal-postgres" })
        {
            var environment = Environment(service);
            foreach (var setting in new[] { "Email__Smtp__Host", "Email__Smtp__Port", "Email__Smtp__Security", "Email__Smtp__UserName", "Email__Smtp__Password", "Email__From",
                "Authentication__OpenIdConnect__Authority", "Authentication__OpenIdConnect__ClientId", "Authentication__OpenIdConnect__ClientSecret", "Authentication__OpenIdConnect__DisplayName" })
            {
                Assert.True(environment.TryGetValue(setting, out var value), $"{service} is not given {setting}");
                var variable = System.Text.RegularExpressions.Regex.Match(value, @"^\$\{([A-Z_]+):-").Groups[1].Value;
                Assert.Contains(variable, example);
            }
        }

        Assert.Equal("${OIDC_DISPLAY_NAME:-" + TrainingPortal.Web.Accounts.OpenIdConnectSettings.DefaultDisplayName + "}", Environment("portal")["Authentication__OpenIdConnect__DisplayName"]);
        Assert.Contains("8080", Environment("portal")["Portal__PublicBaseUrl"]);
        Assert.Contains("8081", Environment("portal-postgres")["Portal__PublicBaseUrl"]);
        Assert.Equal("8081:8080", ((YamlSequenceNode)((YamlMappingNode)services["portal-postgres"])["ports"]).Children.Cast<YamlScalarNode>().Single().Value);
    }

    /// <summary>The services of the repository's docker-compose.yml.</summary>
    internal static YamlMappingNode ComposeServices(string root)
    {
        var compose = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(root, "docker-compose.yml")))
        {
            compose.Load(reader);
        }

        return (YamlMappingNode)((YamlMappingNode)compose.Documents[0].RootNode)["services"];
    }

    /// <summary>The repository's root, found from this source file, wherever the build output went.</summary>
    internal static string SourceRoot([CallerFilePath] string thisFile = "")
    {
        for (var folder = new FileInfo(thisFile).Directory; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "docker-compose.yml")) && File.Exists(Path.Combine(folder.FullName, "TrainingPortal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No docker-compose.yml above " + thisFile);
    }
}

/// <summary>Outside Development: HSTS behind the proxy, and the data-protection keys encrypted with a certificate.</summary>
public class SecurityFindingsProductionTests(SecurityFindingsProductionTests.ProxiedProductionFactory factory) : IClassFixture<SecurityFindingsProductionTests.ProxiedProductionFactory>
{
    public const string Proxy = "10.0.0.7";

    /// <summary>
    /// Production behind a TLS-terminating proxy at <see cref="Proxy"/>, keys encrypted with a throw-away certificate.
    /// TestServer gives every request no remote address, and the forwarded-headers middleware trusts a missing one,
    /// so <see cref="PeerAddress"/> gives each request the address a real connection would have.
    /// </summary>
    public sealed class ProxiedProductionFactory : PortalFactory
    {
        private const string CertificatePassword = "test certificate password";

        public string CertificatePath { get; } = TestCertificate.WritePfx(CertificatePassword);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:SeedDemoDataOutsideDevelopment", "true"); // the portal factory seeds the demo organisation
            builder.UseSetting("Portal:PublicBaseUrl", "https://portal.bank.example");
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
            builder.UseSetting("DataProtection:CertificatePath", CertificatePath);
            builder.UseSetting("DataProtection:CertificatePassword", CertificatePassword);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddress>());
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            File.Delete(CertificatePath);
        }
    }

    private HttpClient From(string peer)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.bank.example"), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(PeerAddress.Header, peer);
        return client;
    }

    [Fact]
    public async Task Behind_the_declared_proxy_a_request_that_arrived_over_https_gets_hsts_for_a_year_with_subdomains()
    {
        var client = From(Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.GetAsync("/Identity/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_the_proxy_are_ignored()
    {
        var client = From("10.0.0.8");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.GetAsync("/healthz"); // a page with a form would refuse plain HTTP outright (Secure antiforgery cookie)

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_data_protection_keys_in_the_database_are_encrypted_with_the_certificate()
    {
        var client = From(Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Identity/Account/Login")).StatusCode); // an antiforgery token needs a key

        var keys = TestData.Query(factory.Services, db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToList());

        Assert.NotEmpty(keys);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(factory.CertificatePath, "test certificate password");
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.Contains(Convert.ToBase64String(certificate.RawData), xml); // the certificate that can decrypt it
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Theory]
    [InlineData("the key certificate", "Portal__PublicBaseUrl=https://portal.bank.example", "DataProtection:CertificatePath is not set", "DataProtection:AllowUnencryptedKeys")]
    [InlineData("its public address", "DataProtection__AllowUnencryptedKeys=true", "Portal:PublicBaseUrl")]
    [InlineData("a proxy named by host name", "Portal__PublicBaseUrl=https://portal.bank.example;DataProtection__AllowUnencryptedKeys=true;ForwardedHeaders__KnownProxies__0=nginx",
        "ForwardedHeaders:KnownProxies holds 'nginx'")]
    [InlineData("the demo accounts unless told twice", "Portal__PublicBaseUrl=https://portal.bank.example;DataProtection__AllowUnencryptedKeys=true;Database__SeedDemoData=true",
        "Database:SeedDemoDataOutsideDevelopment")]
    [InlineData("generate-demo unless told twice", "Portal__PublicBaseUrl=https://portal.bank.example;DataProtection__AllowUnencryptedKeys=true;Command=generate-demo",
        "generate-demo writes the demo organisation", "Database:SeedDemoDataOutsideDevelopment")]
    public async Task Outside_development_the_portal_will_not_start_without_or_with_and_says_which_setting(string what, string settings, params string[] said)
    {
        var values = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var command = values.Remove("Command", out var named) ? named : null;
        var (exitCode, output, touchedDatabase) = await StartInProductionAsync(values, command);

        Assert.True(exitCode != 0, $"it started despite {what}");
        Assert.Contains("will not start", output);
        Assert.All(said, words => Assert.Contains(words, output));
        Assert.False(touchedDatabase, "it stopped before touching the database");
    }

    /// <summary>Runs the real app as a process in Production with the given settings, and waits for it to give up.</summary>
    private static async Task<(int ExitCode, string Said, bool TouchedDatabase)> StartInProductionAsync(Dictionary<string, string> settings, string? command = null)
    {
        var folder = Directory.CreateTempSubdirectory("tp-refused-start-");
        try
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TrainingPortal.Web.dll"), .. command is null ? [] : new[] { command }, "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Content__Path"] = Path.Combine(SecurityFindingsTests.SourceRoot(), "content");
            info.Environment["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(folder.FullName, "unused.db")}";
            foreach (var (key, value) in settings)
            {
                info.Environment[key] = value;
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // it started after all: fail, but leave nothing running
                throw;
            }

            return (process.ExitCode, await output + await error, File.Exists(Path.Combine(folder.FullName, "unused.db")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>Sign-in limits: one address at one email, one email from every address, one address at every email.</summary>
public class SecurityFindingsRateLimitTests(SecurityFindingsRateLimitTests.LowLimitFactory factory) : IClassFixture<SecurityFindingsRateLimitTests.LowLimitFactory>
{
    public sealed class LowLimitFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", SecurityFindingsProductionTests.Proxy);
            builder.UseSetting("RateLimits:SignInPerMinute", "2");
            builder.UseSetting("RateLimits:SignInPerEmailPerMinute", "3");
            builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "5");
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddress>());
        }
    }

    /// <summary>A person at <paramref name="clientAddress"/>, reaching the portal through the declared proxy.</summary>
    private PortalClient Behind(string clientAddress)
    {
        var client = new PortalClient(factory);
        client.Http.DefaultRequestHeaders.Add(PeerAddress.Header, SecurityFindingsProductionTests.Proxy);
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    private static string Email(string name) => $"{name}-{Guid.NewGuid():N}"[..24] + "@demo.bank";

    [Fact]
    public async Task A_noisy_client_stops_itself_not_the_others_at_the_same_address()
    {
        var noisy = Behind("192.0.2.10");
        var target = Email("noisy");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await noisy.SignInAsync(target, "wrong password " + i)).StatusCode);
        }

        var colleague = await Behind("192.0.2.10").SignInAsync("employee@demo.bank", PortalClient.DemoPassword);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Redirect, colleague.StatusCode);
    }

    [Fact]
    public async Task One_email_cannot_be_tried_from_many_addresses()
    {
        var target = Email("sprayed");
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add((await Behind($"198.51.100.{i}").SignInAsync(target, "wrong password " + i)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task One_address_cannot_try_many_emails()
    {
        var client = Behind("203.0.113.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.SignInAsync(Email("stuffed" + i), "wrong password")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Identity/Account/Login")).StatusCode); // the form still loads
    }
}

/// <summary>
/// Gives each test request the remote address a TCP connection would have (TestServer leaves it empty), taken
/// from a test-only header, before the app's own middleware (forwarded headers first) sees the request.
/// </summary>
public sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.Remove(Header, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}

public static class TestCertificate
{
    /// <summary>A self-signed RSA certificate with its key, as a password-protected PFX in a temporary file.</summary>
    public static string WritePfx(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=TrainingPortal test data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"trainingportal-keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
