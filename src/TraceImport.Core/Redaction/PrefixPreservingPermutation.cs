using System.Security.Cryptography;

namespace TraceImport.Redaction;

/// <summary>
/// Crypto-PAn (Xu, Fan, Ammar, Moon, 2002): a keyed permutation of addresses that keeps shared
/// prefixes — two addresses that agree in their first n bits give stand-ins that agree in their first
/// n bits, and no more. Each bit of the stand-in is the original bit flipped by the first bit of an
/// AES encryption of the bits before it, so nobody without the key can go back.
/// </summary>
public sealed class PrefixPreservingPermutation : IDisposable
{
    private readonly Aes aes;
    private readonly byte[] pad;

    /// <param name="key">32 bytes: the first 16 the AES key, the last 16 encrypted into the pad that fills each block.</param>
    public PrefixPreservingPermutation(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) throw new ArgumentException("a Crypto-PAn key is 32 bytes", nameof(key));
        aes = Aes.Create();
        aes.Key = key[..16].ToArray();
        pad = aes.EncryptEcb(key[16..].ToArray(), PaddingMode.None);
    }

    /// <summary>A key from a passphrase (the same passphrase gives the same stand-ins in every run), or a random one.</summary>
    public static byte[] KeyFrom(string? passphrase) =>
        passphrase is null ? RandomNumberGenerator.GetBytes(32) : SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passphrase));

    /// <summary>The stand-in of an address of <paramref name="address"/>.Length bytes (4 or 16; up to 16).</summary>
    public byte[] Permute(ReadOnlySpan<byte> address)
    {
        var bits = address.Length * 8;
        var result = new byte[address.Length];
        var block = new byte[16];
        for (var i = 0; i < bits; i++)
        {
            // The first i bits of the address, then the pad's bits from there on.
            pad.CopyTo(block, 0);
            for (var bit = 0; bit < i; bit++)
            {
                var mask = (byte)(0x80 >> bit % 8);
                block[bit / 8] = (byte)((address[bit / 8] & mask) != 0 ? block[bit / 8] | mask : block[bit / 8] & ~mask);
            }
            var flip = (aes.EncryptEcb(block, PaddingMode.None)[0] & 0x80) != 0;
            var original = (address[i / 8] & (0x80 >> i % 8)) != 0;
            if (original ^ flip) result[i / 8] |= (byte)(0x80 >> i % 8);
        }
        return result;
    }

    public void Dispose() => aes.Dispose();
}
