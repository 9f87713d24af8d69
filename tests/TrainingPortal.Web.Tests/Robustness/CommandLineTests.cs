using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Robustness;

public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "migrate" }, "migrate")]
    [InlineData(new[] { "create-admin", "--email", "a@bank.example" }, "create-admin")]
    [InlineData(new[] { "migrat" }, "migrat")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, null)]
    [InlineData(new[] { "--Database:SeedDemoData=false", "--urls", "http://127.0.0.1:5000" }, null)]
    [InlineData(new[] { "Database:Provider=PostgreSql", "migrate" }, "migrate")]
    [InlineData(new[] { "--Database:Provider=PostgreSql", "migrate" }, "migrate")]
    [InlineData(new[] { "--Database:Provider", "PostgreSql", "migrate" }, "migrate")]
    [InlineData(new[] { "/Database:Provider", "PostgreSql" }, null)]
    [InlineData(new string[0], null)]
    public void The_command_is_the_first_argument_that_is_neither_a_setting_nor_its_value(string[] args, string? command) =>
        Assert.Equal(command, PortalCommands.Named(args));

    [Fact]
    public async Task A_mistyped_command_is_refused_naming_the_commands_and_touches_no_database()
    {
        var database = Path.Combine(Path.GetTempPath(), $"tp-command-{Guid.NewGuid():N}.db");

        var (exitCode, output) = await PortalProcess.RunAsync(["migrat"], new() { ["ConnectionStrings__Portal"] = $"Data Source={database}" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown command 'migrat'. The portal runs migrate, create-admin, generate-demo, rebuild-aggregates, reminders, validate-content, translations", output);
        Assert.Equal(2, (await PortalProcess.RunAsync(["--Database:Provider=Sqlite", "migrat"])).ExitCode);
        Assert.False(File.Exists(database), "a mistyped command opened the database");
    }
}
