namespace TraceImport.Import;

/// <summary>
/// One text trace format, in the manner of a Wireshark wiretap reader: it says how likely it is that
/// one of its regions starts at a line, and reads such a region line by line.
/// </summary>
public interface ITraceFormat
{
    /// <summary>The name used on the command line (<c>--format tcpdump</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>traceimport formats</c>.</summary>
    string Description { get; }

    /// <summary>How sure the grammar is (0 to 1) that one of its regions starts at the window's current line.</summary>
    double RecognizeStart(LineWindow window);

    /// <summary>
    /// The most <see cref="RecognizeStart"/> can return at the window's current line, found without the grammar.
    /// Recognition asks the formats in the registry's order and keeps the first of the best scores, so a format that
    /// cannot beat the best so far is not asked, and its grammar is not built for a line it cannot win (a tshark
    /// dump's first row no longer builds the offset-hex and hex-block grammars).
    /// </summary>
    double MostConfident(LineWindow window) => 1;

    IRegionReader OpenRegion(RegionContext context);
}

public enum LineVerdict
{
    /// <summary>The line is part of the region and was understood.</summary>
    Used,
    /// <summary>The line is part of the region but could not be read; the reader has reported why.</summary>
    Skipped,
    /// <summary>The line is not part of the region: the region ends before it.</summary>
    NotMine,
}

/// <summary>Reads the lines of one region and emits packets through its <see cref="RegionContext"/>.</summary>
public interface IRegionReader
{
    /// <summary>Reads the window's current line; the lines after it are there to look at, not to consume.</summary>
    LineVerdict Read(LineWindow window);

    /// <summary>The region has ended: emit any packet still being assembled.</summary>
    void Close();
}
