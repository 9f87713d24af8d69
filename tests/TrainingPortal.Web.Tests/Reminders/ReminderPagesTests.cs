using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Reminders;

/// <summary>Where people see reminders: the outbox's counts, a person's page for HR, and the digest switch in My account.</summary>
public class ReminderPagesTests
{
    [Fact]
    public async Task The_outbox_counts_reminder_mails_per_kind_and_day_and_HR_sees_what_a_person_was_sent()
    {
        await using var world = await ReminderWorld.StartAsync();
        var person = await world.PersonAsync();
        await world.AssignAsync(person, world.Today.AddDays(8)); // told today; reminded tomorrow, a week before
        var first = world.Today;
        await world.ScanAsync();
        await world.DeliverAllAsync();
        world.SetBankTime(first.AddDays(1));
        await world.ScanAsync(); // queued, not yet delivered

        var admin = await PortalClient.SignedInAsync(world.Portal, "admin@demo.bank");
        var outbox = await admin.GetPageAsync("/admin/mail");
        var expected = TestData.Query(world.Services, db => db.Reminders.AsNoTracking()
            .Where(r => r.OutboxMailId != null)
            .Select(r => new { r.SentOn, r.Kind, r.OutboxMailId, r.OutboxMail!.State })
            .Distinct()
            .ToList());
        foreach (var group in expected.GroupBy(r => (r.SentOn, r.Kind)))
        {
            var row = outbox.QuerySelector($"[data-testid=reminder-counts] tr[data-reminder-kind='{group.Key.Kind}'][data-reminder-day='{group.Key.SentOn:yyyy-MM-dd}']");
            Assert.NotNull(row);
            Assert.Equal(group.Count().ToString(CultureInfo.InvariantCulture), PortalClient.Text(row.QuerySelector("[data-figure=queued]")));
            Assert.Equal(group.Count(r => r.State == OutboxState.Sent).ToString(CultureInfo.InvariantCulture), PortalClient.Text(row.QuerySelector("[data-figure=sent]")));
            Assert.Equal(group.Count(r => r.State == OutboxState.Pending).ToString(CultureInfo.InvariantCulture), PortalClient.Text(row.QuerySelector("[data-figure=waiting]")));
        }

        Assert.Contains(expected, r => r.SentOn == first && r.State == OutboxState.Sent);
        Assert.Contains(expected, r => r.SentOn == first.AddDays(1) && r.State == OutboxState.Pending);

        var hr = await PortalClient.SignedInAsync(world.Portal, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/employees/{person.Id}");
        var rows = page.QuerySelectorAll("[data-testid=reminders] tbody tr");
        var sent = world.Ledger(person.Id).Where(r => r.OutboxMail is not null).ToList();
        Assert.Equal(sent.Count, rows.Length);
        Assert.Contains(rows, r => r.GetAttribute("data-reminder-kind") == nameof(ReminderKind.AssignmentNotice) && r.TextContent.Contains("Customer information and segmentation"));
        var due = sent.Single(s => s.Kind == ReminderKind.DueReminder && s.CourseSlug == ReminderWorld.Course);
        Assert.Equal(first.AddDays(1), due.SentOn);
        Assert.Contains(rows, r => r.GetAttribute("data-reminder-kind") == nameof(ReminderKind.DueReminder) && r.TextContent.Contains(due.OutboxMail!.Subject));
    }

    [Fact]
    public async Task A_manager_switches_their_digest_off_in_My_account_and_no_longer_gets_it_while_staff_have_no_such_switch()
    {
        await using var world = await ReminderWorld.StartAsync();
        var manager = await PortalClient.SignedInAsync(world.Portal, "manager@demo.bank");
        var account = await manager.GetPageAsync("/Identity/Account/Manage");
        Assert.NotNull(account.QuerySelector("[data-testid=account-digest]"));

        var response = await manager.SubmitAsync(account, "[data-testid=account-digest]", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await manager.ParseAsync(await manager.FollowAsync(response));
        Assert.Equal("Switch the summary on", PortalClient.Text(after.QuerySelector("[data-testid=account-digest] button")));
        var managerId = TestData.Query(world.Services, db => db.Users.Single(u => u.Email == "manager@demo.bank").Id);
        Assert.False(TestData.Query(world.Services, db => db.Users.Single(u => u.Id == managerId).ReceivesDigest));
        Assert.Single(TestData.Query(world.Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.DigestChanged && a.TargetId == managerId).ToList()));
        await world.ScanAsync();
        Assert.DoesNotContain(world.Ledger(managerId), r => r.Kind == ReminderKind.BranchDigest);

        var forged = await manager.Http.PostAsync("/Identity/Account/Manage?handler=Digest", new FormUrlEncodedContent([new("receive", "true")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // no antiforgery token

        var employee = await PortalClient.SignedInAsync(world.Portal, "employee@demo.bank");
        Assert.Null((await employee.GetPageAsync("/Identity/Account/Manage")).QuerySelector("[data-testid=account-digest]"));
    }
}
