using System.Diagnostics;
using AngleSharp.Dom;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using UglyToad.PdfPig;

namespace TrainingPortal.Web.Tests.Certificates;

public class CertificateTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Slug = "customers-at-the-centre";

    private async Task<(PortalClient Client, PortalUser User, Certificate Certificate)> CertifiedLearnerAsync(string name)
    {
        var user = await TestData.CreateLearnerAsync(factory.Services, name);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);
        await new QuizDriver(factory, client, Slug).PassAsync();
        var certificate = TestData.Query(factory.Services, db => db.Certificates.Single(c => c.UserId == user.Id));
        return (client, user, certificate);
    }

    [Fact]
    public async Task The_pass_page_leads_straight_to_the_new_certificate()
    {
        var user = await TestData.CreateLearnerAsync(factory.Services, "Pass Page");
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);

        var result = await client.ParseAsync(await client.FollowAsync(await new QuizDriver(factory, client, Slug).PassAsync()));

        var serial = TestData.Query(factory.Services, db => db.Certificates.Single(c => c.UserId == user.Id).Serial);
        var link = result.QuerySelector("[data-testid=new-certificate]");
        Assert.Equal($"/certificates/{serial}/pdf", link?.GetAttribute("href"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.Http.GetAsync(link!.GetAttribute("href"))).StatusCode);
        var course = await client.GetPageAsync($"/courses/{Slug}");
        var held = course.QuerySelector("[data-testid=course-certificate]");
        Assert.Equal($"Your certificate: {serial}. It does not expire. Download PDF", System.Text.RegularExpressions.Regex.Replace(PortalClient.Text(held), @"\s+", " ")); // this course does not expire
        Assert.Equal($"/certificates/{serial}/pdf", held!.QuerySelector("a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Passing_issues_exactly_one_certificate_even_when_submits_race()
    {
        var user = await TestData.CreateLearnerAsync(factory.Services, "Race Runner");
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);
        var driver = new QuizDriver(factory, client, Slug);
        var attempt = await driver.StartAttemptAsync();
        var answers = driver.Answers(attempt, right: true);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => driver.SubmitAsync(attempt, answers)));

        var certificate = Assert.Single(TestData.Query(factory.Services, db => db.Certificates.Where(c => c.UserId == user.Id).ToList()));
        Assert.Matches(CertificateRules.SerialPattern(), certificate.Serial);
        Assert.True(CertificateRules.IsWellFormedCode(certificate.VerificationCode));
        Assert.Equal("Race Runner", certificate.HolderName);
        Assert.Equal(user.EmployeeNumber, certificate.EmployeeNumber);
        Assert.Null(certificate.ExpiresAtUtc); // this course's certificates never expire
        Assert.Single(TestData.Query(factory.Services, db => db.CourseCompletions.Where(c => c.UserId == user.Id).ToList()));
    }

    [Fact]
    public async Task The_owner_downloads_a_landscape_pdf_that_reads_back_name_course_and_serial()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("王秀英 Wang Xiuying");

        var response = await client.Http.GetAsync($"/certificates/{certificate.Serial}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"certificate-{certificate.Serial}.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        var page = Assert.Single(pdf.GetPages());
        Assert.True(page.Width > page.Height, "landscape");
        Assert.InRange(page.Width, 841, 843);
        var text = string.Concat(page.Letters.Select(l => l.Value));
        Assert.Contains("王秀英", text);
        Assert.Contains("WangXiuying", text.Replace(" ", ""));
        Assert.Contains("Puttingcustomersatthecentre", text.Replace(" ", ""));
        Assert.Contains(certificate.Serial, text.Replace(" ", ""));
        Assert.Contains("Certificateofcompletion", text.Replace(" ", ""));
        Assert.Equal("Certificate of completion: Putting customers at the centre", pdf.Information.Title);
        Assert.Equal("Harbourline Bank", pdf.Information.Author);
        Assert.True(bytes.Length < 150 * 1024, $"{bytes.Length} bytes");
    }

    [Fact]
    public async Task A_certificate_of_a_course_renamed_since_prints_the_title_it_was_issued_under()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("Renamed Course Holder");
        // As if a later edition had renamed the course: the certificate keeps the title of its day.
        TestData.Query(factory.Services, db => db.Certificates.Where(c => c.Id == certificate.Id)
            .ExecuteUpdate(set => set.SetProperty(c => c.CourseTitle, "Customers first: the founding course")));

        using var pdf = PdfDocument.Open(await client.Http.GetByteArrayAsync($"/certificates/{certificate.Serial}/pdf"));

        var text = string.Concat(Assert.Single(pdf.GetPages()).Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("Customersfirst:thefoundingcourse", text);
        Assert.DoesNotContain("Puttingcustomersatthecentre", text);

        // The verification page and the holder's lists name what the certificate says, or it would look forged.
        var verified = await new PortalClient(factory).GetPageAsync($"/verify/{certificate.VerificationCode}");
        Assert.Equal("Customers first: the founding course", PortalClient.Text(verified.QuerySelector("[data-testid=course]")));
        Assert.Contains("Customers first: the founding course", PortalClient.Text((await client.GetPageAsync("/certificates")).QuerySelector("main")));
        Assert.Contains("Customers first: the founding course", PortalClient.Text((await client.GetPageAsync("/")).QuerySelector("[data-testid=home-certificates]")));
    }

    [Theory]
    [InlineData("陈静 Chen Jing")]
    [InlineData("陳㗎𡃁 Chan")] // rare characters: another font, and the text map rewritten (ToUnicodeRepair)
    public async Task The_pdf_passes_a_strict_validator_without_warnings(string name)
    {
        var (client, _, certificate) = await CertifiedLearnerAsync(name);
        var path = Path.Combine(Path.GetTempPath(), $"{certificate.Serial}-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await client.Http.GetByteArrayAsync($"/certificates/{certificate.Serial}/pdf"));

        try
        {
            using var qpdf = Process.Start(new ProcessStartInfo("qpdf", ["--check", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await qpdf.StandardOutput.ReadToEndAsync() + await qpdf.StandardError.ReadToEndAsync();
            await qpdf.WaitForExitAsync();

            Assert.True(qpdf.ExitCode == 0, output);
            Assert.Contains("No syntax or stream encoding errors found", output);
            Assert.DoesNotContain("WARNING", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Another_employee_cannot_download_the_pdf_but_hr_can()
    {
        var (_, _, certificate) = await CertifiedLearnerAsync("Owner Person");
        var other = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/certificates/{certificate.Serial}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hr.Http.GetAsync($"/certificates/{certificate.Serial}/pdf")).StatusCode);
    }

    [Fact]
    public async Task The_holder_s_own_branch_manager_and_an_executive_cannot_download_the_pdf_and_an_administrator_can()
    {
        var (_, holder, certificate) = await CertifiedLearnerAsync("Owner Of A Branch");
        var manager = await TestData.CreateLearnerAsync(factory.Services, "Manager Of That Branch", Roles.BranchManager); // the holder's branch
        Assert.Equal(holder.BranchId, manager.BranchId);
        var url = $"/certificates/{certificate.Serial}/pdf";

        foreach (var (email, password) in new[] { (manager.Email!, TestData.LearnerPassword), ("exec@demo.bank", PortalClient.DemoPassword) })
        {
            var reader = await PortalClient.SignedInAsync(factory, email, password);
            Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.GetAsync(url)).StatusCode);
        }

        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_certificates_page_lists_the_certificate_with_its_status_and_links()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("List Person");

        var page = await client.GetPageAsync("/certificates");

        var row = Assert.Single(page.QuerySelectorAll("[data-testid=certificates] tbody tr"));
        Assert.Contains(certificate.Serial, row.TextContent);
        Assert.Equal("Valid", PortalClient.Text(row.QuerySelector("[data-testid=certificate-status]")));
        var links = row.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/certificates/{certificate.Serial}/pdf", links);
        Assert.Contains($"/verify/{certificate.VerificationCode}", links);
    }

    [Fact]
    public async Task The_public_verification_page_shows_a_valid_certificate_without_sign_in_and_nothing_personal_beyond_name()
    {
        var (_, user, certificate) = await CertifiedLearnerAsync("Verify Person");
        var anonymous = new PortalClient(factory);

        var page = await anonymous.GetPageAsync($"/verify/{certificate.VerificationCode}");

        Assert.Equal("Valid", PortalClient.Text(page.QuerySelector("[data-testid=verification-status]")));
        Assert.Equal("Verify Person", PortalClient.Text(page.QuerySelector("[data-testid=holder]")));
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Putting customers at the centre", main);
        Assert.DoesNotContain(user.EmployeeNumber, main);
        Assert.DoesNotContain(user.Email!, main);
    }

    [Fact]
    public async Task An_unknown_code_gets_a_plain_not_found_and_the_form_to_try_again()
    {
        var anonymous = new PortalClient(factory);

        var response = await anonymous.Http.GetAsync("/verify/ABCDEFGHJKLMNPQRSTUV");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await anonymous.ParseAsync(response);
        Assert.StartsWith("Not found", PortalClient.Text(page.QuerySelector("[data-testid=verification-status]")));
        Assert.NotNull(page.QuerySelector("[data-testid=verify-form] input[name=code]"));
    }

    [Theory]
    [InlineData("not-a-code")]
    [InlineData("ABCDE-FGHJK-LMNPQ-RSTU0")] // 0 is never in a code
    public async Task A_code_that_cannot_be_one_is_refused_with_what_a_code_looks_like(string typed)
    {
        var anonymous = new PortalClient(factory);

        var response = await anonymous.Http.GetAsync($"/verify?code={Uri.EscapeDataString(typed)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await anonymous.ParseAsync(response);
        Assert.Contains("20 letters and digits", PortalClient.Text(page.QuerySelector("[data-testid=verification-status]")));
        Assert.Equal(typed, page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=code]")!.Value);
    }

    [Fact]
    public async Task A_verifier_types_the_printed_code_and_sees_serial_bank_holder_course_dates_and_state()
    {
        var (client, user, certificate) = await CertifiedLearnerAsync("Paper Holder");
        var printed = CertificateRules.PrintedCode(certificate.VerificationCode);
        Assert.Contains(printed, await PdfTextAsync(client, certificate));

        var verifier = new PortalClient(factory);
        var form = await verifier.GetPageAsync("/verify");
        var typed = await verifier.Http.GetAsync($"{form.QuerySelector("[data-testid=verify-form]")!.GetAttribute("action")}?code={Uri.EscapeDataString(" " + printed.ToLowerInvariant().Replace("-", " - ") + " ")}");

        Assert.Equal(HttpStatusCode.Redirect, typed.StatusCode);
        Assert.Equal($"/verify/{certificate.VerificationCode}", typed.Headers.Location!.OriginalString);
        var page = await verifier.ParseAsync(await verifier.FollowAsync(typed));
        Assert.Equal("Valid", PortalClient.Text(page.QuerySelector("[data-testid=verification-status]")));
        Assert.Equal(certificate.Serial, PortalClient.Text(page.QuerySelector("[data-testid=serial]")));
        Assert.Equal(printed, PortalClient.Text(page.QuerySelector("[data-testid=code]")));
        Assert.Equal("Harbourline Bank", PortalClient.Text(page.QuerySelector("[data-testid=bank]")));
        Assert.Equal("Paper Holder", PortalClient.Text(page.QuerySelector("[data-testid=holder]")));
        Assert.Equal("Putting customers at the centre", PortalClient.Text(page.QuerySelector("[data-testid=course]")));
        Assert.Equal(Dates.LongDate(Dates.Calendar.DateOf(certificate.IssuedAtUtc)), PortalClient.Text(page.QuerySelector("[data-testid=issued]")));
        Assert.Equal(certificate.ExpiresAtUtc is { } expires ? Dates.LongDate(Dates.Calendar.DateOf(expires)) : "does not expire",
            PortalClient.Text(page.QuerySelector("[data-testid=expires]")));
        Assert.DoesNotContain(user.EmployeeNumber, page.QuerySelector("main")!.TextContent);
    }

    private TrainingPortal.Web.Localization.DateDisplay Dates => factory.Services.GetRequiredService<TrainingPortal.Web.Localization.DateDisplay>();

    private static async Task<string> PdfTextAsync(PortalClient client, Certificate certificate)
    {
        var response = await client.Http.GetAsync($"/certificates/{certificate.Serial}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return string.Concat(Assert.Single(pdf.GetPages()).Letters.Select(l => l.Value)).Replace(" ", "");
    }

    [Fact]
    public async Task Hr_revokes_a_certificate_with_a_reason_and_the_verification_page_says_revoked()
    {
        var (_, user, certificate) = await CertifiedLearnerAsync("Revoked Person");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var employeePage = await hr.GetPageAsync($"/hr/employees/{user.Id}");

        var response = await hr.SubmitAsync(employeePage, "main form[action*='handler=Revoke']", new Dictionary<string, string> { ["Revoke.Reason"] = "Completed under another person's sign-in" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var verify = await new PortalClient(factory).GetPageAsync($"/verify/{certificate.VerificationCode}");
        Assert.Equal("Revoked", PortalClient.Text(verify.QuerySelector("[data-testid=verification-status]")));
        var audit = TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "certificate.revoked" && a.TargetId == certificate.Serial).ToList());
        Assert.Contains("another person's sign-in", Assert.Single(audit).Summary);
        var learnerHome = await (await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword)).GetPageAsync("/");
        Assert.Contains("Putting customers at the centre", PortalClient.Text(learnerHome.QuerySelector("[data-testid=due-again]")));
    }

    [Fact]
    public async Task Hr_cannot_revoke_a_certificate_through_another_employees_page()
    {
        var (_, _, certificate) = await CertifiedLearnerAsync("Target Person");
        var (_, bystander, _) = await CertifiedLearnerAsync("Bystander Person");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var bystanderPage = await hr.GetPageAsync($"/hr/employees/{bystander.Id}");

        var response = await hr.SubmitAsync(bystanderPage, "main form[action*='handler=Revoke']", new Dictionary<string, string>
        {
            ["Revoke.CertificateId"] = certificate.Id.ToString(),
            ["Revoke.Reason"] = "tampered",
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(TestData.Query(factory.Services, db => db.Certificates.Single(c => c.Id == certificate.Id).RevokedAtUtc));
    }
}
