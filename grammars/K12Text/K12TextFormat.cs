using System.Text;
using TraceImport.Import;
using TraceImport.Model;
using TraceImport.Text;

namespace TraceImport.Grammars.K12Text;

/// <summary>
/// K12 text: a rule, a line with the frame's time of day and encapsulation, then all its bytes on
/// one line between pipes; a blank line ends the frame.
/// </summary>
public sealed class K12TextFormat : IPrecheckedFormat
{
    public string Name => "k12text";

    public string Description => "Tektronix K12/K15 text export (Wireshark's \"K12 text file\"): +---+ rules, time and encapsulation lines, |0   |xx|xx| byte lines";

    public double RecognizeStart(LineWindow window) => MayStart(window) ? RecognizeByGrammar(window) : 0;

    public bool MayStart(LineWindow window) => MayBeRuleStampOrBytes(window.Current.Span);

    /// <summary>
    /// A rule starts with '+' and a bytes line with "|0" (<see cref="K12TextGrammar.IsRule"/>,
    /// <see cref="K12TextGrammar.IsBytesStart"/>); a stamp is read only after <see cref="K12TextGrammar.MayBeStamp"/>
    /// (a digit first, a comma later), and starts with its hours, up to three digits, and ':'.
    /// </summary>
    private static bool MayBeRuleStampOrBytes(ReadOnlySpan<char> line)
    {
        var text = line.TrimStart();
        if (text.StartsWith('+') || text.StartsWith("|0", StringComparison.Ordinal)) return true;
        return LineStart.DigitsThen(line.TrimStart(' '), 3, ':') && line.Contains(',');
    }

    public double RecognizeByGrammar(LineWindow window)
    {
        var line = window.Current.Text;
        if (K12TextGrammar.IsRule(line))
        {
            return window.TryGetNonBlank(1, out var next, out _) && K12TextGrammar.Stamp.ParseLine(next.Text).Success ? 1.0 : 0;
        }
        var stamp = K12TextGrammar.MayBeStamp(line) ? K12TextGrammar.Stamp.ParseLine(line) : default;
        if (stamp.Success)
        {
            if (K12TextGrammar.IsBytesStart(stamp.Value.Rest)) return 1.0;
            return window.TryGet(1, out var next) && K12TextGrammar.IsBytesStart(next.Text) ? 1.0 : 0;
        }
        return K12TextGrammar.IsBytesStart(line) ? 0.9 : 0;
    }

    public IRegionReader OpenRegion(RegionContext context) => new Reader(context, Name);

    private sealed class Reader(RegionContext context, string format) : IRegionReader
    {
        private readonly PacketDraft draft = new();
        private readonly StringBuilder bytesText = new();
        private bool started;

        public LineVerdict Read(LineWindow window)
        {
            var line = window.Current;
            var text = line.Text;
            if (line.IsBlank)
            {
                Finish();
                return window.TryGetNonBlank(1, out var next, out _) && IsOwn(next.Text) ? LineVerdict.Used : LineVerdict.NotMine;
            }
            if (K12TextGrammar.IsRule(text))
            {
                Finish();
                return LineVerdict.Used;
            }
            var stamp = K12TextGrammar.MayBeStamp(text) ? K12TextGrammar.Stamp.ParseLine(text) : default;
            if (stamp.Success)
            {
                Start(line);
                draft.Time = context.Times.FromTimeOfDay(stamp.Value.NanosecondsOfDay, 6);
                SetEncapsulation(stamp.Value.Encapsulation);
                // A paste that collapsed the lines keeps the bytes on the time line.
                if (stamp.Value.Rest.Length > 0)
                {
                    if (!K12TextGrammar.IsBytesStart(stamp.Value.Rest)) return context.Skip(line, text.IndexOf(stamp.Value.Rest, StringComparison.Ordinal) + 1, "expected the frame's bytes (|0   |…) after the encapsulation");
                    bytesText.Append(stamp.Value.Rest);
                }
                return LineVerdict.Used;
            }
            if (K12TextGrammar.IsBytesStart(text))
            {
                if (!draft.IsStarted || bytesText.Length > 0)
                {
                    var first = !started;
                    Start(line);
                    if (first) draft.TakeRegionHeading(context);
                    draft.Comments.Add("no time and encapsulation line before these bytes");
                }
                bytesText.Append(text.Trim());
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            // A mail client wraps the long line of bytes; its pieces join back without a separator.
            if (bytesText.Length > 0 && K12TextGrammar.IsBytesContinuation(text))
            {
                bytesText.Append(text.Trim());
                draft.LastLine = line.Number;
                return LineVerdict.Used;
            }
            Finish();
            return LineVerdict.NotMine;
        }

        private static bool IsOwn(string text) =>
            K12TextGrammar.IsRule(text) || (K12TextGrammar.MayBeStamp(text) && K12TextGrammar.Stamp.ParseLine(text).Success) || K12TextGrammar.IsBytesStart(text);

        private void Start(SourceLine line)
        {
            Finish();
            draft.Start(line.Number);
            started = true;
        }

        /// <summary>The encapsulations K12 names, as Wireshark's reader maps them; it reads neither MTP2 nor SSCOP frames.</summary>
        private void SetEncapsulation(string encapsulation)
        {
            draft.Interface = encapsulation;
            LinkType? linkType = encapsulation switch
            {
                "ETHER" => LinkType.Ethernet,
                "HDLC" => LinkType.CiscoHdlc,
                "SSCF" => LinkType.Mtp3,
                "MTP-L2" => LinkType.Mtp2,
                _ => null,
            };
            if (linkType is not null)
            {
                draft.LinkType = linkType;
            }
            else if (context.Options.LinkType is null)
            {
                draft.LinkType = LinkType.User0;
                draft.Comments.Add($"K12's {encapsulation} encapsulation has no pcap link type; written as USER0 (give --link-type)");
            }
        }

        private void Finish()
        {
            if (!draft.IsStarted) return;
            var read = K12TextGrammar.ReadBytes(bytesText.ToString());
            if (read.Error is not null)
            {
                context.Warn($"{context.Span(draft.FirstLine, draft.LastLine)}: the frame's bytes stop at {read.Error}; {read.Bytes.Length} byte(s) read");
                draft.Comments.Add($"the bytes stop at {read.Error}");
            }
            draft.Bytes.Append(read.Bytes, null);
            draft.Finish(context, format);
            bytesText.Clear();
        }

        public void Close() => Finish();
    }
}
