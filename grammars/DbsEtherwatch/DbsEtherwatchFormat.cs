using System.Buffers.Binary;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.DbsEtherwatch;

/// <summary>
/// DBS Etherwatch, the VMS Ethernet monitor: a "From … to …" line and a "Protocol … byte buffer at …"
/// line per frame, then the bytes after the Ethernet header in rows with decimal offsets.
/// </summary>
public sealed class DbsEtherwatchFormat : IPrecheckedFormat
{
    public string Name => "dbs-etherwatch";

    public string Description => "DBS Etherwatch (VMS): From/Protocol lines and [ASCII]- offset-[hex] rows; the Ethernet header rebuilt from the addresses";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeRecordOrBanner(window.Current.Span);

    /// <summary>
    /// A record starts with "From " after its indentation; otherwise the line must be the dashes or one of
    /// the banner lines (<see cref="EtherwatchGrammar.IsSeparator"/>, <see cref="EtherwatchGrammar.IsBanner"/>,
    /// told here by the same tests).
    /// </summary>
    private static bool MayBeRecordOrBanner(ReadOnlySpan<char> line)
    {
        var text = line.Trim();
        return line.TrimStart().StartsWith("From ", StringComparison.Ordinal)
               || (text.Length >= 10 && !text.ContainsAnyExcept('-'))
               || text.StartsWith("ETHERWATCH ", StringComparison.Ordinal)
               || text.EndsWith(" names and addresses were loaded", StringComparison.Ordinal)
               || text.StartsWith("Reading recorded data from ", StringComparison.Ordinal);
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (IsRecordStart(line)) return 1.0;
        // The banner, or the dashes before the first record, belong to the trace when a record follows.
        if (!EtherwatchGrammar.IsSeparator(line) && !EtherwatchGrammar.IsBanner(line)) return 0;
        for (var ahead = 1; window.TryGet(ahead, out var next); ahead++)
        {
            if (IsRecordStart(next.Text)) return 1.0;
            if (!next.IsBlank && !EtherwatchGrammar.IsSeparator(next.Text) && !EtherwatchGrammar.IsBanner(next.Text)) return 0;
        }
        return 0;
    }

    private static bool IsRecordStart(string line) =>
        line.AsSpan().TrimStart().StartsWith("From ", StringComparison.Ordinal) && EtherwatchGrammar.From.ParseLine(line).Success;

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        /// <summary>The From line of the frame being read, until its Protocol line starts the packet.</summary>
        private (EtherwatchFrom From, SourceLine Line)? from;
        /// <summary>Bytes of the frame read so far after the Ethernet header.</summary>
        private int dataBytes;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.IsBlank)
            {
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            if (EtherwatchGrammar.IsSeparator(text))
            {
                Finish();
                return LineVerdict.Used;
            }
            if (EtherwatchGrammar.IsBanner(text)) return LineVerdict.Used;

            var start = text.AsSpan().TrimStart();
            if (start.StartsWith("From ", StringComparison.Ordinal))
            {
                var fromLine = EtherwatchGrammar.From.ParseLine(text);
                if (fromLine.Success) return ReadFrom(line, fromLine.Value);
            }
            if (start.StartsWith("Protocol ", StringComparison.Ordinal))
            {
                var protocol = EtherwatchGrammar.Protocol.ParseLine(text);
                return protocol.Success
                    ? ReadProtocol(line, protocol.Value)
                    : context.Skip(line, protocol.Column, $"an Etherwatch Protocol line that cannot be read: {protocol.Describe()}");
            }

            if (draft.IsStarted)
            {
                var row = EtherwatchGrammar.Row.ParseLine(text);
                if (row.Success) return ReadRow(line, row.Value);
                if (text.Contains("-[", StringComparison.Ordinal))
                {
                    return context.Skip(line, row.Column, $"an Etherwatch row that cannot be read: {row.Describe()}");
                }
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private static bool IsOwn(string text) =>
            EtherwatchGrammar.IsSeparator(text) || EtherwatchGrammar.From.ParseLine(text).Success
            || EtherwatchGrammar.Protocol.ParseLine(text).Success || EtherwatchGrammar.Row.ParseLine(text).Success;

        private LineVerdict ReadFrom(SourceLine line, EtherwatchFrom addresses)
        {
            Finish();
            from = (addresses, line);
            // A mail client may have joined the Protocol line to this one.
            if (addresses.Rest.Length == 0) return LineVerdict.Used;
            var joined = EtherwatchGrammar.Protocol.ParseLine(addresses.Rest);
            if (joined.Success) return ReadProtocol(line, joined.Value);
            from = null;
            return context.Skip(line, line.Text.IndexOf(addresses.Rest, StringComparison.Ordinal) + joined.Column, $"after the addresses: {joined.Describe()}");
        }

        private LineVerdict ReadProtocol(SourceLine line, EtherwatchProtocol protocol)
        {
            if (from is not { } addresses)
            {
                Finish();
                return context.Skip(line, 1, "an Etherwatch Protocol line with no From line before it: the frame's addresses are not known");
            }
            from = null;
            draft.Start(addresses.Line.Number);
            draft.LastLine = line.Number;
            draft.Heading = addresses.Line.Text.Trim();
            draft.LinkType = LinkType.Ethernet;
            draft.Time = context.Times.FromDateAndTime(protocol.Date, protocol.Time.Nanoseconds, protocol.Time.FractionDigits);
            var header = EthernetHeaderAfterAddresses(protocol);
            draft.Bytes.Append(addresses.From.Destination, null);
            draft.Bytes.Append(addresses.From.Source, null);
            draft.Bytes.Append(header, null);
            draft.StatedLength = 12 + header.Length + protocol.BufferLength;
            draft.Comments.Add(protocol.IsEthernetII
                ? "Ethernet header rebuilt from the From line's addresses and the Protocol line's EtherType"
                : "802.3 header rebuilt from the From line's addresses and the Protocol line's DSAP, SSAP, control and protocol id; its length computed from the buffer's");
            dataBytes = 0;
            return LineVerdict.Used;
        }

        /// <summary>
        /// What follows the addresses, as Wireshark's reader rebuilds it: the EtherType; or an 802.3
        /// length, DSAP and SSAP, a control field of one byte (two when numbered, the second printed as
        /// the protocol id's first byte), and the five-byte SNAP protocol id when DSAP and SSAP are 0xAA.
        /// </summary>
        private static byte[] EthernetHeaderAfterAddresses(EtherwatchProtocol protocol)
        {
            if (protocol.IsEthernetII) return protocol.Protocol;
            var header = new List<byte> { 0, 0 };
            header.AddRange(protocol.Protocol);
            header.Add(protocol.Control);
            if ((protocol.Control & 0x03) != 0x03) header.Add(protocol.ProtocolId[0]);
            if (protocol.IsSnap) header.AddRange(protocol.ProtocolId);
            var bytes = header.ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)(bytes.Length - 2 + protocol.BufferLength));
            return bytes;
        }

        private LineVerdict ReadRow(SourceLine line, EtherwatchRow row)
        {
            if (row.Offset != dataBytes)
            {
                return context.Skip(line, 1, $"a row at offset {row.Offset} where offset {dataBytes} was expected (a row is missing or repeated)");
            }
            draft.Bytes.Append(row.Bytes);
            dataBytes += row.Bytes.Bytes.Length;
            draft.LastLine = line.Number;
            return LineVerdict.Used;
        }

        private void Finish()
        {
            if (from is { } orphan)
            {
                context.Warn($"{context.Span(orphan.Line.Number, orphan.Line.Number)}: an Etherwatch From line with no Protocol line after it; no packet");
                from = null;
            }
            draft.Finish(context, format);
        }

        public void Close() => Finish();
    }
}
