using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Tests.Hr;
using TrainingPortal.Web.Tests.Mail;

namespace TrainingPortal.Web.Tests.Accounts;

/// <summary>Staff get into the portal by themselves: invitations and resets arrive by mail, and HR never holds a link.</summary>
public class InvitationTests(MailHarness mail) : IClassFixture<MailHarness>
{
    private readonly PortalFactory factory = mail.Portal;

    private const string NewPassword = "harbour lantern quiet 7";

    private string BranchCode() => TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).First());

    private List<OutboxMail> MailsTo(string address) =>
        TestData.Query(factory.Services, db => db.OutboxMails.Where(m => m.ToAddress == address).OrderBy(m => m.Id).ToList());

    [Fact]
    public async Task Hr_imports_three_people_invites_them_and_each_sets_a_password_once_without_hr_seeing_a_link()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var people = new[] { ("王芳", $"wang.fang.{suffix}@demo.bank"), ("陈志明", $"chan.chi-ming.{suffix}@demo.bank"), ("Amy Lau", $"amy.lau.{suffix}@demo.bank") };
        var csv = "employee_number,name,email,branch_code,job_title,hire_date\n" + string.Join("\n",
            people.Select((p, i) => $"INV-{suffix}-{i},{p.Item1},{p.Item2},{BranchCode()},Teller,2026-10-01")) + "\n";

        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // the import comes after the demo staff were created, as in life
        var imported = await hr.ParseAsync(await ImportTests.UploadAsync(hr, csv));
        Assert.Contains("3 created", PortalClient.Text(imported.QuerySelector("[data-testid=import-summary]")));
        var invited = await hr.SubmitAsync(imported, "[data-testid=import-summary] form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var afterInvite = await hr.FollowAsync(invited);
        var hrSaw = await afterInvite.Content.ReadAsStringAsync();
        Assert.Contains("3 invitations are on their way.", hrSaw);
        var accounts = await hr.Http.GetStringAsync($"/admin/users?q=INV-{suffix}");
        var listed = await hr.ParseAsync(await hr.Http.GetAsync($"/admin/users?q=INV-{suffix}"));
        Assert.Equal(3, listed.QuerySelectorAll("[data-testid=account-state]").Count(c => c.TextContent.Trim().StartsWith("Invited", StringComparison.Ordinal)));

        await mail.DeliverAsync();
        foreach (var (name, email) in people)
        {
            var row = Assert.Single(MailsTo(email));
            Assert.Equal("invitation", row.Kind);
            Assert.True(row.Bulk); // an import's invitations wait behind personal mails, as reminders do
            Assert.Equal(OutboxState.Sent, row.State);
            var received = Assert.Single(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == email));
            Assert.Equal(name, received.To.Mailboxes.Single().Name);
            var link = MailLinks.SetPasswordLink(received.TextBody ?? "");
            Assert.Contains(link.Replace("&", "&amp;", StringComparison.Ordinal), received.HtmlBody);
            Assert.DoesNotContain(link, hrSaw + accounts);

            var person = new PortalClient(factory);
            var page = await person.GetPageAsync(link);
            Assert.Equal(name, PortalClient.Text(page.QuerySelector("[data-testid=holder-name]")));
            Assert.Contains("at least 10 characters", PortalClient.Text(page.QuerySelector("[data-testid=password-rules]")));
            Assert.Null(page.QuerySelector("input[name='Input.Email']")); // no retyping the email
            var set = await person.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>
            {
                ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
            });
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync(email, NewPassword)).StatusCode);

            var again = await new PortalClient(factory).GetPageAsync(link);
            Assert.NotNull(again.QuerySelector("[data-testid=link-unusable]"));
        }

        var states = await hr.Http.GetStringAsync($"/admin/users?q=INV-{suffix}");
        var document = await hr.ParseAsync(await hr.Http.GetAsync($"/admin/users?q=INV-{suffix}"));
        Assert.All(document.QuerySelectorAll("[data-testid=account-state]"), cell => Assert.Equal("Active", cell.TextContent.Trim()));
        var invitations = TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.invited").Select(a => a.Summary).ToList());
        Assert.True(invitations.Count(s => s == "Invited 3 people to set a password") == 1, string.Join("; ", invitations));
        // Each person's trail shows the invitation and the address it went to.
        var ids = TestData.Query(factory.Services, db => db.Users.Where(u => u.EmployeeNumber.StartsWith($"INV-{suffix}")).Select(u => u.Id).ToList());
        Assert.All(people, p => Assert.Contains(invitations, s => s.EndsWith($"to set a password, at {p.Item2}", StringComparison.Ordinal)));
        Assert.Equal(3, TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "account.invited" && a.TargetType == "Employee" && ids.Contains(a.TargetId))));
        Assert.DoesNotContain("set-password", states);
    }

    [Fact]
    public async Task Sending_again_replaces_the_link_and_an_expired_link_says_so_and_how_to_get_a_new_one()
    {
        var learner = await CreateAwaitingAsync();
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        await InviteAsync(admin, learner.EmployeeNumber);
        var first = MailLinks.SetPasswordLink(MailsTo(learner.Email!).Last());
        await InviteAsync(admin, learner.EmployeeNumber);
        var second = MailLinks.SetPasswordLink(MailsTo(learner.Email!).Last());
        Assert.All(MailsTo(learner.Email!), m => Assert.False(m.Bulk)); // one person's invitation is personal mail

        var person = new PortalClient(factory);
        Assert.NotNull((await person.GetPageAsync(first)).QuerySelector("[data-testid=link-unusable]"));
        Assert.NotNull((await person.GetPageAsync(second)).QuerySelector("[data-testid=holder-name]"));
        var listed = await admin.ParseAsync(await admin.Http.GetAsync($"/admin/users?q={learner.EmployeeNumber}"));
        Assert.StartsWith("Invited", PortalClient.Text(listed.QuerySelector("[data-testid=account-state]")));

        factory.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank"); // the earlier session has timed out
        var expired = await person.GetPageAsync(second);
        Assert.NotNull(expired.QuerySelector("[data-testid=link-unusable]"));
        Assert.NotNull(expired.QuerySelector("a[href='/account/forgot-password']"));
        listed = await admin.ParseAsync(await admin.Http.GetAsync($"/admin/users?q={learner.EmployeeNumber}"));
        Assert.StartsWith("Invitation expired", PortalClient.Text(listed.QuerySelector("[data-testid=account-state]")));
    }

    [Fact]
    public async Task An_invitation_that_loses_to_the_person_s_own_sign_in_is_made_again_on_the_fresh_account()
    {
        var learner = await CreateAwaitingAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var interrupted = false;
        // Right after the invitation reads the account, the person mistypes a password elsewhere: Identity writes the account.
        db.ChangeTracker.Tracked += (_, e) =>
        {
            if (!interrupted && e.Entry.Entity is PortalUser { } read && read.Id == learner.Id)
            {
                interrupted = true;
                using var elsewhere = factory.Services.CreateScope();
                var users = elsewhere.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
                var result = users.AccessFailedAsync(users.FindByIdAsync(learner.Id).GetAwaiter().GetResult()!).GetAwaiter().GetResult();
                Assert.True(result.Succeeded);
            }
        };
        var hr = TestData.Query(factory.Services, d => d.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));

        var outcome = await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Accounts.InviteStaff>().ExecuteAsync(
            new TrainingPortal.Web.Accounts.InvitationScope.Person(learner.Id), new TrainingPortal.Web.Infrastructure.Actor(hr.Id, hr.DisplayName, [Roles.HR]), CancellationToken.None);

        Assert.True(interrupted);
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        Assert.Equal(1, outcome.Value);
        Assert.Single(MailsTo(learner.Email!));
        var after = TestData.Query(factory.Services, d => d.Users.AsNoTracking().Single(u => u.Id == learner.Id));
        Assert.Equal(1, after.AccessFailedCount); // the sign-in's write kept, not overwritten by the invitation
        Assert.NotNull(after.InvitedAtUtc);
    }

    [Fact]
    public async Task An_invitation_whose_link_a_correction_ended_is_no_longer_shown_as_outstanding_and_goes_again_to_the_new_address()
    {
        var learner = await CreateAwaitingAsync();
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        await InviteAsync(admin, learner.EmployeeNumber);
        var deadLink = MailLinks.SetPasswordLink(Assert.Single(MailsTo(learner.Email!)));

        var corrected = $"corrected-{Guid.NewGuid():N}@demo.bank";
        await TestData.CorrectEmailByImportAsync(factory.Services, learner, corrected);

        Assert.NotNull((await new PortalClient(factory).GetPageAsync(deadLink)).QuerySelector("[data-testid=link-unusable]"));
        Assert.Equal("email-changed", MailsTo(learner.Email!).Last().Kind); // the old address is told, as it was written to
        var listed = await admin.ParseAsync(await admin.Http.GetAsync($"/admin/users?q={learner.EmployeeNumber}"));
        Assert.Equal("Awaiting invitation", PortalClient.Text(listed.QuerySelector("[data-testid=account-state]")));

        await InviteAsync(admin, learner.EmployeeNumber);
        var person = new PortalClient(factory);
        Assert.NotNull((await person.GetPageAsync(MailLinks.SetPasswordLink(Assert.Single(MailsTo(corrected))))).QuerySelector("[data-testid=holder-name]"));
    }

    [Fact]
    public async Task A_password_set_from_a_mistyped_address_ends_when_the_import_corrects_it_and_the_owner_is_invited_anew()
    {
        // The learner's password was set by whoever read the address HR's file gave: after the correction it is no way in.
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        Assert.Equal(HttpStatusCode.Redirect, (await new PortalClient(factory).SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode);

        var corrected = $"corrected-{Guid.NewGuid():N}@demo.bank";
        await TestData.CorrectEmailByImportAsync(factory.Services, learner, corrected);

        Assert.NotEqual(HttpStatusCode.Redirect, (await new PortalClient(factory).SignInAsync(corrected, TestData.LearnerPassword)).StatusCode);
        var account = TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id));
        Assert.Equal((null, false, null), (account.PasswordHash, account.TwoFactorEnabled, account.InvitedAtUtc));
        Assert.Contains("ending their password", TestData.Query(factory.Services, db =>
            db.AuditEntries.Single(a => a.Action == TrainingPortal.Web.Infrastructure.AuditActions.CredentialsEnded && a.TargetId == learner.Id).Summary));
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var listed = await admin.ParseAsync(await admin.Http.GetAsync($"/admin/users?q={learner.EmployeeNumber}"));
        Assert.Equal("Awaiting invitation", PortalClient.Text(listed.QuerySelector("[data-testid=account-state]")));

        await InviteAsync(admin, learner.EmployeeNumber);
        await mail.DeliverAsync();
        Assert.Equal(("invitation", OutboxState.Sent), (Assert.Single(MailsTo(corrected)).Kind, MailsTo(corrected)[0].State));
        Assert.Equal((1, OutboxState.Sent), (MailsTo(learner.Email!).Count, MailsTo(learner.Email!)[0].State)); // the old address told of the change
    }

    [Fact]
    public async Task An_import_that_writes_an_address_in_other_capitals_keeps_the_password_sessions_and_sign_on()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        var session = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var mailsBefore = MailsTo(learner.Email!).Count;

        await TestData.CorrectEmailByImportAsync(factory.Services, learner, learner.Email!.ToUpperInvariant());

        var account = TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id));
        Assert.Equal(learner.Email!.ToUpperInvariant(), account.Email);
        Assert.NotNull(account.PasswordHash);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await new PortalClient(factory).SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode);
        Assert.False(TestData.Query(factory.Services, db => db.AuditEntries.Any(a => a.Action == TrainingPortal.Web.Infrastructure.AuditActions.CredentialsEnded && a.TargetId == learner.Id)));
        Assert.Equal(mailsBefore, MailsTo(learner.Email!).Count); // nobody is told of a change of address that is not one
    }

    [Fact]
    public async Task A_mail_to_an_account_disabled_or_readdressed_before_it_could_go_is_withdrawn_not_sent()
    {
        var leaver = await CreateAwaitingAsync();
        var misaddressed = await CreateAwaitingAsync();
        var mistyped = misaddressed.Email!;
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        await InviteAsync(admin, leaver.EmployeeNumber);
        await InviteAsync(admin, misaddressed.EmployeeNumber);

        // While the mail server is away: one person leaves, the other's address is corrected.
        var adminAccount = TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Email == "admin@demo.bank"));
        using (var scope = factory.Services.CreateScope())
        {
            var disabled = await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Accounts.SetAccountActive>().ExecuteAsync(
                leaver.Id, false, new TrainingPortal.Web.Infrastructure.Actor(adminAccount.Id, adminAccount.DisplayName, [Roles.Admin]), CancellationToken.None);
            Assert.True(disabled.Succeeded);
        }

        await TestData.CorrectEmailByImportAsync(factory.Services, misaddressed, $"corrected-{Guid.NewGuid():N}@demo.bank");
        await DeliverAllAsync();

        var toLeaver = Assert.Single(MailsTo(leaver.Email!));
        Assert.Equal(OutboxState.Withdrawn, toLeaver.State);
        Assert.Equal(MailWithdrawal.AccountDisabled, toLeaver.WithdrawnBecause);
        Assert.DoesNotContain(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == leaver.Email));
        var toMistyped = MailsTo(mistyped);
        Assert.Equal([("invitation", OutboxState.Withdrawn), ("email-changed", OutboxState.Sent)], toMistyped.Select(m => (m.Kind, m.State)));
        Assert.Equal(MailWithdrawal.AddressChanged, toMistyped[0].WithdrawnBecause);
        var received = Assert.Single(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == mistyped)); // only the notice meant for it
        Assert.DoesNotContain("/account/set-password", received.TextBody, StringComparison.OrdinalIgnoreCase);
        var outbox = await admin.GetPageAsync("/admin/mail");
        Assert.True(int.Parse(outbox.QuerySelector("[data-testid=mail-counts] [data-figure=withdrawn]")!.TextContent) >= 2);
    }

    [Fact]
    public async Task An_invitation_a_newer_one_replaced_before_it_could_go_is_withdrawn_and_only_the_newer_is_sent()
    {
        var learner = await CreateAwaitingAsync();
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        await InviteAsync(admin, learner.EmployeeNumber);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await InviteAsync(admin, learner.EmployeeNumber); // HR asked again while the mail server was away

        await DeliverAllAsync();

        var invitations = MailsTo(learner.Email!);
        Assert.Equal([OutboxState.Withdrawn, OutboxState.Sent], invitations.Select(m => m.State));
        Assert.Equal(MailWithdrawal.InvitationReplaced, invitations[0].WithdrawnBecause);
        var received = Assert.Single(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == learner.Email));
        Assert.Equal(invitations[1].MessageId, received.MessageId);
    }

    [Fact]
    public async Task A_reset_whose_link_lapsed_before_its_mail_could_go_is_withdrawn_not_sent()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Late Reset");
        await AskForResetAsync(learner.Email!);

        factory.Clock.Advance(TrainingPortal.Web.Accounts.AccountLinkTokens.ResetLifetime + TimeSpan.FromMinutes(1)); // the mail server was away an hour
        await DeliverAllAsync();

        var reset = Assert.Single(MailsTo(learner.Email!));
        Assert.Equal(OutboxState.Withdrawn, reset.State);
        Assert.Equal(MailWithdrawal.LinkLapsed, reset.WithdrawnBecause);
        Assert.DoesNotContain(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == learner.Email));
    }

    [Fact]
    public async Task Hr_cannot_invite_an_administrator_account()
    {
        var awaitingAdmin = await CreateAwaitingAsync(Roles.Admin);
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var page = await hr.GetPageAsync($"/admin/users?q={awaitingAdmin.EmployeeNumber}");
        var response = await hr.SubmitAsync(page, $"tr[data-employee='{awaitingAdmin.EmployeeNumber}'] form", new Dictionary<string, string>());

        var after = await (await hr.FollowAsync(response)).Content.ReadAsStringAsync();
        Assert.Contains("not yours to invite", after);
        Assert.Empty(MailsTo(awaitingAdmin.Email!));
    }

    [Fact]
    public async Task Forgot_password_mails_a_one_hour_link_for_a_real_account_and_answers_the_same_for_an_unknown_one()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        var elsewhere = new PortalClient(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode);

        var known = await AskForResetAsync(learner.Email!);
        var unknown = await AskForResetAsync($"nobody-{Guid.NewGuid():N}@demo.bank");
        Assert.Equal(known.Location, unknown.Location);
        Assert.Equal(known.Text, unknown.Text);

        var link = MailLinks.SetPasswordLink(Assert.Single(MailsTo(learner.Email!)));
        var person = new PortalClient(factory);
        var page = await person.GetPageAsync(link);
        var set = await person.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync(learner.Email!, NewPassword)).StatusCode);

        // Every other session of the account ended with the reset.
        var other = await elsewhere.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/Identity/Account/Login", other.Headers.Location!.OriginalString);
        Assert.NotNull((await person.GetPageAsync(link)).QuerySelector("[data-testid=link-unusable]"));
    }

    [Fact]
    public async Task A_link_whose_code_was_cut_off_says_it_cannot_be_used_rather_than_failing()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        await AskForResetAsync(learner.Email!);
        var link = MailLinks.SetPasswordLink(Assert.Single(MailsTo(learner.Email!)));
        var cut = System.Text.RegularExpressions.Regex.Replace(link, "code=[^&]*", "code=");
        Assert.NotEqual(link, cut);

        var person = new PortalClient(factory);
        var opened = await person.Http.GetAsync(cut);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.NotNull((await person.ParseAsync(opened)).QuerySelector("[data-testid=link-unusable]"));

        // The form of a good link posted with its code emptied.
        var posted = await person.SubmitAsync(await person.GetPageAsync(link), "main form[method=post]", new Dictionary<string, string>
        {
            ["Code"] = "", ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotNull((await person.ParseAsync(posted)).QuerySelector("[data-testid=link-unusable]"));
        Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_stops_working_after_an_hour()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        await AskForResetAsync(learner.Email!);
        var link = MailLinks.SetPasswordLink(Assert.Single(MailsTo(learner.Email!)));

        factory.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.NotNull((await new PortalClient(factory).GetPageAsync(link)).QuerySelector("[data-testid=link-unusable]"));
    }

    [Fact]
    public async Task One_address_gets_at_most_three_reset_mails_an_hour()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services);
        for (var i = 0; i < 5; i++)
        {
            await AskForResetAsync(learner.Email!);
        }

        Assert.Equal(3, MailsTo(learner.Email!).Count);
    }

    private async Task<(string? Location, string Text)> AskForResetAsync(string email)
    {
        var client = new PortalClient(factory);
        var form = await client.GetPageAsync("/account/forgot-password");
        var response = await client.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.ParseAsync(await client.FollowAsync(response));
        return (response.Headers.Location?.OriginalString, PortalClient.Text(page.QuerySelector("main")));
    }

    /// <summary>Delivers every mail due, whatever other tests of the class left waiting ahead of this test's.</summary>
    private async Task DeliverAllAsync()
    {
        for (var runs = 0; runs < 50 && (await mail.DeliverAsync()).Claimed > 0; runs++)
        {
        }
    }

    private async Task InviteAsync(PortalClient admin, string employeeNumber)
    {
        var page = await admin.GetPageAsync($"/admin/users?q={employeeNumber}");
        var response = await admin.SubmitAsync(page, $"tr[data-employee='{employeeNumber}'] form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<PortalUser> CreateAwaitingAsync(string role = Roles.Employee)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var scope = factory.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Accounts.CreateAccount>().ExecuteAsync(
            new TrainingPortal.Web.Accounts.NewAccount("W" + suffix, $"Awaiting {suffix}", $"awaiting-{suffix}@demo.bank", "Teller", new DateOnly(2026, 1, 5),
                await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Branches.Select(b => (int?)b.Id).FirstAsync(), role),
            TrainingPortal.Web.Infrastructure.Actor.Console, CancellationToken.None);
        Assert.True(outcome.Succeeded);
        return outcome.Value!;
    }
}
