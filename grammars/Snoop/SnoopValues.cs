using System.Globalization;
using System.Net;

namespace TraceImport.Grammars.Snoop;

/// <summary>Reads the values snoop prints: "57 seconds/hops", "0x4", "ffff", "8:0:25:30:6:51, CDC", "172.16.55.106, fs.nuts.com".</summary>
public static class SnoopValues
{
    /// <summary>The leading decimal number of a value ("20 bytes" → 20).</summary>
    public static ulong? Decimal(string value)
    {
        var token = FirstToken(value);
        return ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>A hex value with or without 0x ("0x1c80", "ffff", "18DC").</summary>
    public static ulong? Hex(string value)
    {
        var token = FirstToken(value);
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) token = token[2..];
        return token.Length is > 0 and <= 16 && ulong.TryParse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>A number snoop may print either way: 0x-prefixed or with letters is hex; digits alone may be either.</summary>
    public static IReadOnlyList<ulong> DecimalOrHex(string value)
    {
        var token = FirstToken(value);
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || token.Any(char.IsAsciiLetter)) return Hex(token) is { } hex ? [hex] : [];
        var candidates = new List<ulong>();
        if (Decimal(token) is { } dec) candidates.Add(dec);
        if (Hex(token) is { } h && !candidates.Contains(h)) candidates.Add(h);
        return candidates;
    }

    /// <summary>"8:0:25:30:6:51, CDC" or "ff:ff:ff:ff:ff:ff (broadcast)" → six bytes.</summary>
    public static byte[]? Mac(string value)
    {
        var parts = FirstToken(value).Split(':');
        if (parts.Length != 6) return null;
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])) return null;
        }
        return bytes;
    }

    /// <summary>"172.16.55.106, fs.nuts.com" → the address and the name snoop resolved, if any.</summary>
    public static (byte[] Address, string? Name)? Address(string value)
    {
        var comma = value.IndexOf(',');
        var text = (comma < 0 ? value : value[..comma]).Trim();
        var name = comma < 0 ? null : value[(comma + 1)..].Trim();
        if (!IPAddress.TryParse(text, out var address)) return null;
        var bytes = address.GetAddressBytes();
        return (bytes, string.IsNullOrEmpty(name) || name == text ? null : name);
    }

    /// <summary>"Code = 0 (ID: 4370 Sequence number: 0)" → the number after a label inside the value.</summary>
    public static ulong? Labelled(string value, string label)
    {
        var at = value.IndexOf(label, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : Decimal(value[(at + label.Length)..].TrimStart(' ', ':', '='));
    }

    private static string FirstToken(string value)
    {
        var text = value.Trim();
        var end = text.IndexOfAny([' ', ',', '(', ')', '\t']);
        return end < 0 ? text : text[..end];
    }
}
