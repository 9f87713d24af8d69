using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace TrainingPortal.Tests;

/// <summary>
/// What an authenticator app computes (RFC 6238 with the usual settings: HMAC-SHA1, 30-second steps, 6 digits, a
/// base32 key). Identity checks codes against the system clock, not the app's TimeProvider, so this uses the real time.
/// </summary>
public static class Totp
{
    public static string Code(string key, long stepOffset = 0)
    {
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 + stepOffset;
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = HMACSHA1.HashData(Base32(key), message);
        var offset = hash[^1] & 0x0f;
        var number = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff;
        return (number % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>A code valid at no time near now (Identity accepts a few steps either side).</summary>
    public static string WrongCode(string key)
    {
        var near = Enumerable.Range(-10, 21).Select(step => Code(key, step)).ToHashSet();
        return Enumerable.Range(0, 100).Select(n => (n * 10_101).ToString("D6", CultureInfo.InvariantCulture)).First(code => !near.Contains(code));
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
