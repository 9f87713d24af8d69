using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class RegionTrees
{
    /// <summary>Every region of the bank, a few hundred rows at most: read whole, walked in memory.</summary>
    public static async Task<RegionTree> LoadAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        new(await db.Regions.AsNoTracking().Select(r => new RegionNode(r.Id, r.ParentId, r.Code, r.Name)).ToListAsync(cancellationToken));
}
