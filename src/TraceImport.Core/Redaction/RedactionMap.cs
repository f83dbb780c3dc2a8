namespace TraceImport.Redaction;

/// <summary>
/// Every stand-in of one redaction: addresses and host names, learned from the whole input first
/// (so that no stand-in is something the input holds) and then handed out, the same original always
/// getting the same stand-in. Its table is what the user keeps to read the redacted trace.
/// </summary>
public sealed class RedactionMap(RedactionOptions options) : IDisposable
{
    private readonly Dictionary<string, Replacement> names = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> learnedNames = new(StringComparer.OrdinalIgnoreCase);

    public AddressPseudonyms Addresses { get; } = new(options.PrefixPreserving, options.Key is { } key ? PrefixPreservingPermutation.KeyFrom(key) : null);

    public HostNamePseudonyms HostNames { get; } = new();

    public RedactionOptions Options { get; } = options;

    /// <summary>The host names learned so far, longest first: what text is searched for.</summary>
    public IReadOnlyCollection<string> KnownNames => learnedNames;

    /// <summary>Words of the decoder's own (ip.id, tcp.flags.ack) that look like host names and are not.</summary>
    public HashSet<string> NotNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts the names learned, so that what searches for them knows when to look again.</summary>
    public int NamesLearned { get; private set; }

    public void LearnName(string name)
    {
        name = name.TrimEnd('.');
        if (name.Length == 0 || !learnedNames.Add(name)) return;
        NamesLearned++;
        HostNames.Learn(name);
    }

    /// <summary>The stand-in of a host name, as long as it and label for label.</summary>
    public Replacement Name(string name)
    {
        var key = name.TrimEnd('.');
        if (!names.TryGetValue(key, out var replacement))
        {
            names[key] = replacement = new Replacement(RedactedKind.HostName, key, HostNames.Map(key));
        }
        return replacement;
    }

    /// <summary>Every replacement, addresses then host names, each in the order first met.</summary>
    public IEnumerable<Replacement> Table => Addresses.Table.Concat(names.Values);

    public void Dispose() => Addresses.Dispose();
}

/// <summary>What a redaction replaces besides addresses and names, and how it picks stand-ins.</summary>
public sealed record RedactionOptions
{
    /// <summary>IP stand-ins keep the prefixes their originals share (Crypto-PAn), instead of documentation addresses.</summary>
    public bool PrefixPreserving { get; init; }

    /// <summary>A passphrase for prefix-preserving stand-ins: the same one gives the same stand-ins in every run. Without it the key is random.</summary>
    public string? Key { get; init; }

    /// <summary>Payloads are blanked too: data becomes zeros, a text protocol's words after its command or reply code become x.</summary>
    public bool Payloads { get; init; }
}
