using System.Runtime.InteropServices;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>The C library's allocator, which the runtime's JIT and native parts allocate from.</summary>
public static class NativeHeap
{
    /// <summary>
    /// Returns the allocator's free pages to the system (glibc's <c>malloc_trim</c>): it keeps what was freed for reuse,
    /// so the process's resident memory stays at its high-water mark. Elsewhere (musl, Windows) nothing happens.
    /// </summary>
    public static void TrimFreed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
