using System.Text;

namespace TraceImport.Decoding.Protocols;

/// <summary>
/// Domain names as DNS writes them (RFC 1035 §3.1): labels, each after its length, to a zero byte or a
/// compression pointer (§4.1.4) into the message that starts at <paramref name="start"/> — a DNS message,
/// or the data of a DHCP option that uses the same encoding. A name is read only from known bytes.
/// Where <paramref name="partialNames"/> allows it (the client FQDN options, RFC 4702 §2.3.1, RFC 4704 §4.2),
/// labels that run to the end without a zero byte are a partial name.
/// </summary>
internal sealed class DomainNames(Dissection d, int start, int end, bool partialNames = false)
{
    public int End => end;

    /// <summary>
    /// A name as read at an offset: where its bytes in place end, its text (null unless every byte
    /// read is known), its status and why, and how many labels it has.
    /// </summary>
    public sealed record Name(int End, string? Text, FieldStatus Status, string? Note, int Labels)
    {
        /// <summary>A partial name: labels without the root's zero byte (a client FQDN that asks the server to complete it).</summary>
        public bool Partial { get; init; }

        /// <summary>Where the name's own bytes lie (without what a pointer leads to), when their end is known.</summary>
        public (int At, int Length)? InPlace { get; init; }

        public string Shown => Text is null ? "<name not known>" : Text.Length == 0 ? "<Root>" : Text;

        /// <summary>
        /// Adds the name as a field spanning its bytes in place (and, for a question, the generated length and
        /// label count). False when where it ends is not known, so nothing after it can be read.
        /// </summary>
        public bool AddTo(Dissection d, DecodedLayer layer, string field, string label, int offset, bool withLength, int limit = int.MaxValue, bool trailingDot = false)
        {
            if (End < 0) return false;
            // A damaged packet can end before the name begins: the field is then cut, never of negative length.
            var length = Math.Max(0, Math.Min(End, d.Bytes.Length) - offset);
            var read = d.Field(layer, field, label, offset, length, FieldFormat.Text);
            Apply(read, trailingDot && Text is not null ? Text + "." : null);
            if (End > limit) read.Bad($"the name runs {End - limit} byte(s) past the record's data");
            if (withLength)
            {
                Apply(d.Field(layer, $"{field}.len", "Name length", offset, length, FieldFormat.Bytes), Text?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Apply(d.Field(layer, "dns.count.labels", "Label count", offset, length, FieldFormat.Bytes), Labels.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return End <= d.Bytes.Length;
        }

        private void Apply(DecodedField field, string? value = null)
        {
            if (field.Status == FieldStatus.Truncated) return;
            if (Status != FieldStatus.Ok)
            {
                field.Status = Status;
                field.Note = Note;
                field.Value = null;
                return;
            }
            field.Value = value ?? Shown;
        }
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/>, following compression pointers (RFC 1035 §4.1.4) within
    /// the message. A masked length byte before the first pointer leaves the name's end unknown (End −1).
    /// </summary>
    public Name ReadName(int offset)
    {
        var bytes = d.Bytes;
        var limit = Math.Min(end, bytes.Length);
        var text = new StringBuilder();
        var position = offset;
        var inPlaceEnd = -1;
        var labels = 0;
        var jumps = 0;
        FieldStatus status = FieldStatus.Ok;
        string? note = null;

        Name Result() => new(inPlaceEnd, status == FieldStatus.Ok ? text.ToString() : null, status, note, labels)
        {
            InPlace = inPlaceEnd >= 0 ? (offset, inPlaceEnd - offset) : null,
        };

        while (true)
        {
            if (position == limit && partialNames && jumps == 0 && labels > 0 && end <= bytes.Length)
            {
                inPlaceEnd = position;
                return Result() with { Partial = true };
            }
            if (position >= limit)
            {
                (status, note) = (FieldStatus.Truncated, position >= bytes.Length ? "the packet ends inside the name" : "the name runs past the message");
                if (inPlaceEnd < 0) inPlaceEnd = position;
                return Result();
            }
            if (!bytes.IsKnown(position, 1))
            {
                status = bytes.StateOfBits(position * 8, 8);
                note = $"byte {position}, a label length, is {(status == FieldStatus.Masked ? "masked" : "not shown")}";
                return Result();
            }
            var length = bytes.Data[position];
            if (length == 0)
            {
                if (inPlaceEnd < 0) inPlaceEnd = position + 1;
                return Result();
            }
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= limit)
                {
                    (status, note) = (FieldStatus.Truncated, "the packet ends inside a compression pointer");
                    if (inPlaceEnd < 0) inPlaceEnd = position + 1;
                    return Result();
                }
                if (inPlaceEnd < 0) inPlaceEnd = position + 2;
                if (!bytes.IsKnown(position + 1, 1))
                {
                    status = bytes.StateOfBits((position + 1) * 8, 8);
                    note = $"the compression pointer at byte {position} is {(status == FieldStatus.Masked ? "masked" : "not shown")}";
                    return Result();
                }
                var target = start + ((length & 0x3F) << 8 | bytes.Data[position + 1]);
                if (++jumps > 128 || target >= limit)
                {
                    (status, note) = (FieldStatus.Bad, target >= limit ? $"a compression pointer leads past the message (to byte {target})" : "compression pointers loop");
                    return Result();
                }
                position = target;
                continue;
            }
            if ((length & 0xC0) != 0)
            {
                // An extended or reserved label type (RFC 6891 §5): its length, and so where the name ends, is not known.
                (status, note) = (FieldStatus.Bad, $"label type 0x{length & 0xC0:x2} at byte {position} is not a plain label or a pointer");
                return Result();
            }
            var labelEnd = position + 1 + length;
            if (labelEnd > limit)
            {
                (status, note) = (FieldStatus.Truncated, labelEnd > bytes.Length ? "the packet ends inside the name" : "the name runs past the message");
                if (inPlaceEnd < 0) inPlaceEnd = limit;
                return Result();
            }
            if (status == FieldStatus.Ok && !bytes.IsKnown(position + 1, length))
            {
                status = bytes.StateOfBits((position + 1) * 8, length * 8);
                note = bytes.DescribeUnknown(position + 1, length) is { } which ? $"label {which}" : null;
                // The text is not known; the walk goes on only to find where the name ends in place.
                if (inPlaceEnd >= 0) return Result();
            }
            if (text.Length > 0) text.Append('.');
            AppendLabel(text, bytes.Data.AsSpan(position + 1, length));
            labels++;
            position = labelEnd;
        }
    }

    /// <summary>A label as Wireshark shows it: printable characters as they are, a dot or backslash escaped, others as \DDD.</summary>
    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\') text.Append('\\').Append((char)b);
            else if (b is >= 0x21 and < 0x7F) text.Append((char)b);
            else text.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
