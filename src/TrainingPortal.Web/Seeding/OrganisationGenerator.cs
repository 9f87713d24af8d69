using Microsoft.AspNetCore.Identity;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Seeding;

/// <summary>
/// Builds a believable bank: regions, branches and staff with a deterministic random source, so the same
/// arguments always give the same organisation. Used by Development seeding and by generate-demo.
/// </summary>
public sealed class OrganisationGenerator(int seed, DateTime createdAtUtc)
{
    private static readonly (string Code, string Name, string[] Cities)[] RegionTemplates =
    [
        ("NTH", "Northern Region", ["Harbin", "Shenyang", "Dalian", "Changchun", "Hohhot"]),
        ("EST", "Eastern Region", ["Shanghai", "Hangzhou", "Nanjing", "Suzhou", "Ningbo"]),
        ("STH", "Southern Region", ["Guangzhou", "Shenzhen", "Xiamen", "Fuzhou", "Nanning"]),
        ("WST", "Western Region", ["Chengdu", "Chongqing", "Xi'an", "Kunming", "Lanzhou"]),
        ("CEN", "Central Region", ["Wuhan", "Changsha", "Zhengzhou", "Hefei", "Nanchang"]),
    ];

    private static readonly string[] BranchQuarters =
        ["Central", "Riverside", "Harbour", "Station Road", "Old Town", "Park", "University", "Market Street", "Airport", "West Gate", "Lakeside", "Hill"];

    private static readonly string[] LatinGiven =
        ["James", "Olivia", "Daniel", "Priya", "Samuel", "Grace", "Marcus", "Aisha", "Thomas", "Hannah", "David", "Fatima", "Lucas", "Emily", "Omar", "Sofia", "Kevin", "Mei", "Ryan", "Nadia", "Victor", "Chloe", "Arjun", "Laura"];

    private static readonly string[] LatinFamily =
        ["Okafor", "Sharma", "Wong", "Tan", "Lim", "Smith", "Garcia", "Khan", "Ng", "Chan", "Lee", "Brown", "Osei", "Nair", "Ho", "Fernandes", "Kowalski", "Murphy", "Ali", "Cheung"];

    private static readonly string[] ChineseFamily = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];

    private static readonly string[] ChineseGiven = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "平", "建国", "晓燕", "志强", "文静"];

    private static readonly (string Title, int Weight)[] BranchJobTitles =
    [
        ("Teller", 40), ("Senior Teller", 10), ("Customer Service Officer", 15), ("Relationship Manager", 15),
        ("Personal Banker", 10), ("Operations Officer", 7), ("Assistant Branch Manager", 3),
    ];

    /// <summary>
    /// The demo accounts' published password, hashed once per process: at the policy's iterations a hash costs about
    /// 0.2 s, and five of them were most of a test host's start. The accounts share its salt and hash, which tells
    /// nothing README does not.
    /// </summary>
    private static readonly Lazy<string> DemoPasswordHash = new(() => new PasswordHasher<PortalUser>(
            Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = Infrastructure.PasswordPolicy.Pbkdf2Iterations }))
        .HashPassword(new PortalUser(), DemoSeeder.DemoPassword));

    private readonly Random _random = new(seed);

    public List<Region> Regions(int regionCount) =>
        RegionTemplates.Take(Math.Clamp(regionCount, 1, RegionTemplates.Length))
            .Select(r => new Region { Code = r.Code, Name = r.Name })
            .ToList();

    /// <summary>From this many branches on, each region is split into one area per city, as a large bank's are.</summary>
    public const int AreasFromBranches = 200;

    /// <summary>
    /// Branches spread over the regions round-robin; codes are stable: BR0001, BR0002 … In a bank of
    /// <see cref="AreasFromBranches"/> or more, a branch belongs to its city's area, a region under its region.
    /// </summary>
    public List<Branch> Branches(IReadOnlyList<Region> regions, int branchCount)
    {
        var areas = new Dictionary<(Region, string), Region>();
        var branches = new List<Branch>(branchCount);
        for (var i = 0; i < branchCount; i++)
        {
            var region = regions[i % regions.Count];
            var template = RegionTemplates.First(t => t.Code == region.Code);
            var city = template.Cities[i / regions.Count % template.Cities.Length];
            if (branchCount >= AreasFromBranches)
            {
                var cityIndex = Array.IndexOf(template.Cities, city);
                region = areas.TryGetValue((region, city), out var area) ? area
                    : areas[(region, city)] = new Region { Code = $"{template.Code}-{cityIndex + 1:00}", Name = $"{city} area", Parent = region };
            }

            var quarter = BranchQuarters[i / (regions.Count * template.Cities.Length) % BranchQuarters.Length];
            var round = i / (regions.Count * template.Cities.Length * BranchQuarters.Length);
            branches.Add(new Branch
            {
                Code = $"BR{i + 1:0000}",
                Name = round == 0 ? $"{city} {quarter}" : $"{city} {quarter} {round + 1}",
                City = city,
                Region = region,
            });
        }

        return branches;
    }

    public PortalUser Employee(int number, Branch? branch, DateOnly today)
    {
        var chinese = _random.NextDouble() < 0.35;
        var name = chinese
            ? Pick(ChineseFamily) + Pick(ChineseGiven)
            : $"{Pick(LatinGiven)} {Pick(LatinFamily)}";
        var employeeNumber = $"E{number:000000}";
        var email = $"{employeeNumber.ToLowerInvariant()}@staff.demo.bank";
        return NewUser(email, employeeNumber, name, PickWeighted(BranchJobTitles), today.AddDays(-_random.Next(30, 365 * 15)), branch);
    }

    /// <summary>A demo account, signing in with <see cref="DemoSeeder.DemoPassword"/>.</summary>
    public PortalUser DemoAccount(string email, string employeeNumber, string name, string jobTitle, Branch? branch, DateOnly hireDate)
    {
        var user = NewUser(email, employeeNumber, name, jobTitle, hireDate, branch);
        user.PasswordHash = DemoPasswordHash.Value;
        return user;
    }

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    private PortalUser NewUser(string email, string employeeNumber, string name, string jobTitle, DateOnly hireDate, Branch? branch) => new()
    {
        Id = Guid.NewGuid().ToString(),
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        SecurityStamp = Accounts.AccountStamps.New(),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
        EmployeeNumber = employeeNumber,
        DisplayName = name,
        JobTitle = jobTitle,
        HireDate = hireDate,
        Branch = branch,
        IsActive = true,
        CreatedAtUtc = createdAtUtc,
    };

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string PickWeighted((string Title, int Weight)[] items)
    {
        var roll = _random.Next(items.Sum(i => i.Weight));
        foreach (var (title, weight) in items)
        {
            if ((roll -= weight) < 0)
            {
                return title;
            }
        }

        return items[^1].Title;
    }
}
