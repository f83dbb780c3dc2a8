#!/usr/bin/python3
"""Measures how exactly one-line summaries rebuild into packets, the hard way.

Each capture is printed in each summary style (tcpdump -n, -v, -e, -tttt -S -v, with names, -i any
columns; tshark -r, and Wireshark's CSV export of the same columns), the text is converted back by traceimport, and tshark reads both the capture and
the rebuilt pcapng. For every packet, the fields its summary states (found in the text itself, by the
words tcpdump or tshark print for each field, not by the grammar under test) are compared with the
capture. Prints, per style, the packet counts and the share of stated fields reproduced; --verbose
lists every field that differs.

usage: bench/summaries/measure.py [--styles n,v,e,tSv,names,any,tshark,csv] [--verbose] [CAPTURE...]
Without captures: every capture under fixtures/captures/ (the corpus included). Needs tcpdump, tshark
and a built traceimport (dotnet build src/TraceImport.Cli); the names style needs root (it runs tcpdump
in a private mount namespace over a hosts file naming the corpus's addresses).
"""
import csv
import glob
import io
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TOOL = os.path.join(ROOT, "src", "TraceImport.Cli", "bin", "Debug", "net10.0", "traceimport")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")

# The fields read from both captures, as tshark -T fields shows them (first occurrence: the outer header).
FIELDS = """frame.len frame.time_epoch eth.src eth.dst eth.type vlan.id vlan.priority vlan.dei vlan.etype
sll.pkttype sll.etype sll.ifindex sll.src.eth
ip.version ip.hdr_len ip.dsfield ip.len ip.id ip.flags ip.frag_offset ip.ttl ip.proto ip.checksum ip.src ip.dst
ipv6.tclass ipv6.flow ipv6.plen ipv6.nxt ipv6.hlim ipv6.src ipv6.dst
tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.seq tcp.ack tcp.len tcp.hdr_len
tcp.flags.fin tcp.flags.syn tcp.flags.reset tcp.flags.push tcp.flags.ack tcp.flags.urg tcp.flags.ece tcp.flags.cwr
tcp.window_size_value tcp.window_size tcp.checksum tcp.urgent_pointer
tcp.options.mss_val tcp.options.wscale.shift tcp.options.sack_perm tcp.options.timestamp.tsval tcp.options.timestamp.tsecr
tcp.options.sack_le tcp.options.sack_re
udp.srcport udp.dstport udp.length udp.checksum
icmp.type icmp.code icmp.ident icmp.seq icmp.mtu icmpv6.type icmpv6.code icmpv6.echo.identifier icmpv6.echo.sequence_number icmpv6.mtu
arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4""".split()
# What tshark's columns state beside them: the time relative to the first frame, the window as scaled, the scale's multiplier.
FIELDS += "frame.time_relative tcp.window_size tcp.options.wscale.multiplier ipv6.fraghdr.offset ipv6.fraghdr.more ipv6.fraghdr.ident ipv6.fraghdr.nxt".split()


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, env=ENV, **kw)


def tshark_fields(path):
    args = ["tshark", "-r", path, "-T", "fields", "-E", "occurrence=f", "-E", "separator=\t"]
    # Relative sequence numbers on, as tshark prints them; seq_raw and ack_raw give the raw ones.
    for field in FIELDS:
        args += ["-e", field]
    out = run(args).stdout
    rows = []
    for line in out.splitlines():
        values = line.split("\t")
        rows.append(dict(zip(FIELDS, values + [""] * (len(FIELDS) - len(values)))))
    return rows


def frames(path):
    return [line for line in run(["tshark", "-r", path, "-T", "fields", "-e", "frame.protocols"]).stdout.splitlines()]


# ---- printing each style ----

HOSTS = "10.0.0.1 client.corpus.test\n10.0.0.2 server.corpus.test\n"


def print_style(style, capture):
    if style == "tshark":
        return run(["tshark", "-r", capture]).stdout
    if style == "csv":
        return wireshark_csv(capture)
    flags = {"n": ["-n"], "v": ["-n", "-v"], "e": ["-n", "-e"], "tSv": ["-n", "-tttt", "-S", "-v"], "any": ["-n"], "names": []}[style]
    if style == "names":
        with tempfile.NamedTemporaryFile("w", suffix=".hosts", delete=False) as hosts:
            hosts.write(HOSTS)
        try:
            script = f"mount --bind {hosts.name} /etc/hosts && exec tcpdump -r '{capture}'"
            return run(["unshare", "-m", "sh", "-c", script], timeout=120).stdout
        finally:
            os.unlink(hosts.name)
    return run(["tcpdump", *flags, "-r", capture]).stdout


def packets_of(style, text):
    """The summary of each packet: a line, with -v's indented continuation lines joined to it."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if style == "tshark":
            out.append(line.strip())  # one line a frame, indented by its number's column
            continue
        if style == "csv":
            out = [row for row in csv.reader(io.StringIO(text))][1:]  # a row a frame after the header
            break
        if out and (line[0] in " \t" or re.search(r"VXLAN, flags \[[^\]]*\] \(0x[0-9a-f]+\), vni \d+$", out[-1])):
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
    return out


def has_hex(text):
    return re.search(r"^\s+0x[0-9a-f]{4}:", text, re.M) is not None


# ---- what each summary states, read from its words ----

NUM = r"(\d+)"


def stated_tcpdump(style, text, orig):
    """The fields a tcpdump summary states: found by the words tcpdump prints for each."""
    s = set()
    proto = orig
    v = style in ("v", "tSv")
    has = lambda pattern: re.search(pattern, text) is not None
    s.add("time")
    if style == "e" and (orig["eth.src"] or orig["sll.etype"]):
        if orig["eth.src"]:
            s |= {"eth.src", "eth.dst"}
            if re.search(r"ethertype \S+ \(0x", text):
                s.add("eth.type")
        s.add("frame.len")
        if orig["vlan.id"]:
            s |= {"vlan.id", "vlan.priority", "vlan.etype"}
    if style in ("any",) and orig["sll.pkttype"] and re.search(r"^\S+\s+(In|Out|B|M|P)\s", re.sub(r"^[\d:.\- ]+ ", "", text)):
        s.add("sll.pkttype")
    names = style == "names"
    if proto["ip.src"] and (" IP " in f" {text} " or style == "e") and not proto["arp.opcode"]:
        if not names or re.search(r"\d+\.\d+\.\d+\.\d+(\.\w+)? > ", text):
            s.add("ip.src")
        if not names or re.search(r" > \d+\.\d+\.\d+\.\d+", text):
            s.add("ip.dst")
        if v and has(r"\(tos 0x"):
            s |= {"ip.dsfield", "ip.ttl", "ip.id", "ip.frag_offset", "ip.flags", "ip.proto", "ip.len"}
            if not has(r", options \("):
                s |= {"ip.hdr_len", "ip.checksum"}
    if proto["ipv6.src"] and not names:
        s |= {"ipv6.src", "ipv6.dst"}
        if v and has(r"IP6 \((class|flowlabel|hlim)"):
            s |= {"ipv6.hlim", "ipv6.nxt", "ipv6.plen", "ipv6.tclass", "ipv6.flow"}
    tcp = proto["tcp.srcport"] and has(r"Flags \[")
    if tcp:
        s |= {"tcp.srcport", "tcp.dstport", "tcp.flags.fin", "tcp.flags.syn", "tcp.flags.reset", "tcp.flags.push",
              "tcp.flags.ack", "tcp.flags.urg", "tcp.flags.ece", "tcp.flags.cwr", "tcp.window_size_value"}
        if has(r"Flags \[[^\]]*\], (cksum \S+ \([^)]*\), )?seq \d"):
            s.add("tcp.seq_raw")
        if has(r", ack \d"):
            s.add("tcp.ack_raw")
        if has(r", urg \d"):
            s.add("tcp.urgent_pointer")
        if has(r"cksum 0x"):
            s.add("tcp.checksum")
        if has(r", length \d+") and not has(r"\[\|tcp\]"):
            s.add("tcp.len")
        if has(r"mss \d"):
            s.add("tcp.options.mss_val")
        if has(r"wscale \d"):
            s.add("tcp.options.wscale.shift")
        if has(r"TS val \d"):
            s |= {"tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr"}
        if has(r"sackOK"):
            s.add("tcp.options.sack_perm")
        if has(r"sack \d+ \{"):
            s |= {"tcp.options.sack_le", "tcp.options.sack_re"}
    if proto["udp.srcport"] and not tcp and re.search(r"\.\w+ > \S+\.\w+: ", text) and "ICMP" not in text:
        s |= {"udp.srcport", "udp.dstport"}
        if has(r"UDP, length \d") or (re.search(r"\.(53|domain) > |\.(53|domain): ", text) and has(r"\(\d+\)$")):
            s.add("udp.length")
    if proto["icmp.type"] and has(r": ICMP "):
        s |= {"icmp.type", "icmp.code"}
        if has(r"echo (request|reply), id"):
            s |= {"icmp.ident", "icmp.seq"}
        if has(r"need to frag \(mtu \d+\)"):
            s.add("icmp.mtu")
    if proto["icmpv6.type"] and has(r"ICMP6, "):
        s |= {"icmpv6.type", "icmpv6.code"}
        if has(r"packet too big, mtu \d+"):
            s.add("icmpv6.mtu")
        if has(r"echo (request|reply), id"):
            s |= {"icmpv6.echo.identifier", "icmpv6.echo.sequence_number"}
    if proto["arp.opcode"] and has(r"(Request who-has|Reply \S+ is-at)"):
        s.add("arp.opcode")
        if has(r"Request who-has"):
            s |= {"arp.src.proto_ipv4", "arp.dst.proto_ipv4"}
            if has(r"who-has \S+ \("):
                s.add("arp.dst.hw_mac")
        else:
            s |= {"arp.src.proto_ipv4", "arp.src.hw_mac"}
    return s


# ---- tshark's columns: the default summary and Wireshark's CSV export ----

TSHARK_STYLES = ("tshark", "csv")
CSV_COLUMNS = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"]


def wireshark_csv(capture):
    """Wireshark's File > Export Packet Dissections > As CSV: the default columns, every value double-quoted, under
    Wireshark's column titles (tshark -T fields prints the same values under the fields' names)."""
    args = ["tshark", "-r", capture, "-T", "fields", "-E", "header=n", "-E", "separator=,", "-E", "quote=d"]
    for column in CSV_COLUMNS:
        args += ["-e", "_ws.col." + column]
    return ",".join(f'"{c}"' for c in CSV_COLUMNS) + "\n" + run(args).stdout


def tshark_columns(style, summary):
    """Source, Destination, Protocol, Length and Info as the text prints them. tshark pads Source to 12 characters on
    the left and Destination to 12 on the right, so an empty one is 12 spaces (a cooked capture has no destination)."""
    if style == "csv":
        return summary[2], summary[3], summary[4], summary[5], summary[6]
    m = re.match(r"\s*\d+\s+\S+\s(.*?) (?:→|->) (.*)$", summary)
    source, rest = m.group(1).strip(), m.group(2)
    if rest[:12].strip() == "":
        destination, rest = "", rest[13:]
    else:
        destination, rest = rest.split(" ", 1)[0], rest.split(" ", 1)[1] if " " in rest else ""
    words = rest.lstrip(" ").split(" ")
    at = next(i for i, w in enumerate(words) if w.isdigit())
    return source, destination, " ".join(w for w in words[:at] if w), words[at], " ".join(words[at + 1:])


# The headers the Source and Destination columns (and ICMP's ttl=, ICMPv6's hop limit=, UDP's ports) come from: the
# last of each kind before an ICMP message, whose quoted headers do not write the columns. A tunnel's inner headers
# are the ones printed, so the capture's first occurrence is not always the one the text states.
COLUMN_FIELDS = {"eth": ["eth.src", "eth.dst"], "ip": ["ip.src", "ip.dst", "ip.ttl"], "ipv6": ["ipv6.src", "ipv6.dst", "ipv6.hlim"],
                 "udp": ["udp.srcport", "udp.dstport", "udp.length"]}


def overlay_columns(path, rows):
    """Replaces, in each row, the first header's addresses with those of the header tshark's columns show."""
    names = [f for fields in COLUMN_FIELDS.values() for f in fields]
    args = ["tshark", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=\t", "-e", "frame.protocols"]
    for name in names:
        args += ["-e", name]
    for row, line in zip(rows, run(args).stdout.splitlines()):
        values = line.split("\t")
        protocols = values[0].split(":")
        cut = next((i for i, p in enumerate(protocols) if p in ("icmp", "icmpv6")), len(protocols))
        by_name = dict(zip(names, values[1:] + [""] * len(names)))
        for layer, fields in COLUMN_FIELDS.items():
            index = protocols[:cut].count(layer) - 1
            if index < 0:
                continue
            for field in fields:
                occurrences = by_name[field].split("|")
                row[field] = occurrences[index] if index < len(occurrences) else ""


ICMP_MESSAGES = ("Destination unreachable (", "Time-to-live exceeded (", "Redirect (", "Parameter problem (", "Source quench")
ICMPV6_MESSAGES = ("Destination Unreachable (", "Time Exceeded (", "Parameter Problem (")
ICMPV6_TYPES = ("Packet Too Big", "Router Solicitation", "Router Advertisement", "Neighbor Solicitation", "Neighbor Advertisement",
                "Multicast Listener Report", "Multicast Listener Query", "Multicast Listener Done", "Redirect")


def stated_tshark(columns, orig):
    """The fields a tshark summary states: its columns, and the header fields the Info column's words give for TCP, UDP,
    ICMP, ICMPv6, ARP and IP fragments (an application protocol's words are its own fields, not compared here).

    Win= is the window as tshark shows it, scaled by the factor both SYNs announced (tcp.window_size); WS= is the
    scale's multiplier. An address is stated only where its column prints it unresolved."""
    source, destination, protocol, _, info = columns
    s = {"time", "frame.len"}
    has = lambda pattern: re.search(pattern, info) is not None
    mac = lambda a: re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", a) is not None
    ipv4 = lambda a: re.fullmatch(r"\d+\.\d+\.\d+\.\d+", a) is not None
    ipv6 = lambda a: ":" in a and not mac(a) and re.fullmatch(r"[0-9a-f:.]+", a) is not None
    for column, suffix in ((source, "src"), (destination, "dst")):
        if ipv4(column):
            s.add("ip." + suffix)
        elif ipv6(column):
            s.add("ipv6." + suffix)
        elif (mac(column) or column == "Broadcast") and orig["eth.src"]:
            s.add("eth." + suffix)
        elif mac(column) and suffix == "src" and orig["sll.src.eth"]:
            s.add("sll.src.eth")
    if orig["tcp.srcport"] and re.match(r"(\[[^\]]*\] )*\d+ (→|->) \d+ \[", info):
        s |= {"tcp.srcport", "tcp.dstport", "tcp.flags.fin", "tcp.flags.syn", "tcp.flags.reset", "tcp.flags.push",
              "tcp.flags.ack", "tcp.flags.urg", "tcp.flags.ece", "tcp.flags.cwr"}
        for word, field in (("Seq", "tcp.seq"), ("Ack", "tcp.ack"), ("Win", "tcp.window_size"), ("Len", "tcp.len"),
                            ("Urg", "tcp.urgent_pointer"), ("MSS", "tcp.options.mss_val"), ("WS", "tcp.options.wscale.multiplier"),
                            ("TSval", "tcp.options.timestamp.tsval"), ("TSecr", "tcp.options.timestamp.tsecr"),
                            ("SLE", "tcp.options.sack_le"), ("SRE", "tcp.options.sack_re")):
            if has(rf" {word}=\d"):
                s.add(field)
        if has(r" SACK_PERM"):
            s.add("tcp.options.sack_perm")
    if orig["udp.srcport"] and re.match(r"\d+ (→|->) \d+ +Len=\d", info):
        s |= {"udp.srcport", "udp.dstport", "udp.length"}
    if orig["icmp.type"] and protocol == "ICMP":
        if has(r"^Echo \(ping\) (request|reply)"):
            s |= {"icmp.type", "icmp.code", "icmp.ident", "icmp.seq"}
            if has(r", ttl=\d"):
                s.add("ip.ttl")
        elif info.startswith(ICMP_MESSAGES):
            s |= {"icmp.type", "icmp.code"}
    if orig["icmpv6.type"] and protocol == "ICMPv6":
        if has(r"^Echo \(ping\) (request|reply)"):
            s |= {"icmpv6.type", "icmpv6.code", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number"}
            if has(r", hop limit=\d"):
                s.add("ipv6.hlim")
        elif info.startswith(ICMPV6_MESSAGES):
            s |= {"icmpv6.type", "icmpv6.code"}
        elif info.startswith(ICMPV6_TYPES):
            s.add("icmpv6.type")
    if protocol == "IPv4" and has(r"^Fragmented IP protocol \(proto=\S+ \d+, off=\d+, ID=[0-9a-f]+\)"):
        s |= {"ip.proto", "ip.frag_offset", "ip.id"}
    if protocol == "IPv6" and has(r"^IPv6 fragment \(off=\d+ more=[yn] ident=0x[0-9a-f]+ nxt=\d+\)"):
        s |= {"ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident", "ipv6.fraghdr.nxt"}
    if orig["arp.opcode"] and protocol == "ARP":
        if has(r"^Who has \S+\? Tell "):
            s |= {"arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4"}
        elif has(r"^Gratuitous ARP for \S+ \((Request|Reply)\)"):
            s |= {"arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4"}
        elif has(r"^\S+ is at "):
            s |= {"arp.opcode", "arp.src.proto_ipv4", "arp.src.hw_mac"}
    return s


def same(field, style, a, b):
    if field == "time":
        if style in TSHARK_STYLES:
            return abs(float(a) - float(b)) < 1.000001e-6  # both frame.time_relative: the text prints 6 decimals
        if style == "tSv":
            return abs(float(a) - float(b)) < 1e-6
        return abs(float(a) % 86400 - float(b) % 86400) < 1e-6
    return a == b


def measure(style, captures, verbose):
    totals = Counter()
    per_field = defaultdict(Counter)
    notes = []
    with tempfile.TemporaryDirectory() as work:
        for capture in captures:
            name = os.path.basename(capture)
            if style == "any" and not re.search(r"sll", name):
                continue
            text = print_style(style, capture)
            if style not in TSHARK_STYLES and has_hex(text):
                totals["captures skipped (tcpdump printed hex, the hex grammar's)"] += 1
                continue
            paste = os.path.join(work, name + "." + style + ".txt")
            with open(paste, "w") as f:
                f.write(text)
            out = os.path.join(work, name + "." + style + ".pcapng")
            convert = subprocess.run([TOOL, "convert", paste, "-o", out], capture_output=True, text=True)
            original = tshark_fields(capture)
            rebuilt = tshark_fields(out) if convert.returncode == 0 else []
            lines = packets_of(style, text)
            if style in TSHARK_STYLES and len(rebuilt) == len(original):
                overlay_columns(capture, original)
                overlay_columns(out, rebuilt)
            totals["captures"] += 1
            totals["packets in captures"] += len(original)
            totals["packets rebuilt"] += len(rebuilt)
            if len(rebuilt) != len(original) or len(lines) != len(original):
                notes.append(f"{name}: {len(original)} frames, {len(lines)} summaries, {len(rebuilt)} rebuilt")
                continue
            for i, (orig, new, line) in enumerate(zip(original, rebuilt, lines)):
                tshark = style in TSHARK_STYLES
                stated = stated_tshark(tshark_columns(style, line), orig) if tshark else stated_tcpdump(style, line, orig)
                for field in sorted(stated):
                    key = ("frame.time_relative" if tshark else "frame.time_epoch") if field == "time" else field
                    if orig.get(key, "") == "":
                        continue
                    ok = same(field, style, orig[key], new.get(key, ""))
                    totals["stated"] += 1
                    totals["reproduced"] += ok
                    per_field[field]["stated"] += 1
                    per_field[field]["reproduced"] += ok
                    if not ok and verbose:
                        notes.append(f"{name} #{i + 1} {field}: capture {orig[key]!r}, rebuilt {new.get(key, '')!r}  | {str(line)[:160]}")
    return totals, per_field, notes


def main():
    args = sys.argv[1:]
    verbose = "--verbose" in args
    args = [a for a in args if a != "--verbose"]
    styles = ["n", "v", "e", "tSv", "names", "any", "tshark", "csv"]
    if args and args[0] == "--styles":
        styles = args[1].split(",")
        args = args[2:]
    captures = args or sorted(glob.glob(os.path.join(ROOT, "fixtures", "captures", "**", "*.pcap*"), recursive=True))
    if os.geteuid() != 0 and "names" in styles:
        styles.remove("names")
    print(f"{'style':8} {'captures':>8} {'frames':>7} {'rebuilt':>7} {'stated':>8} {'reproduced':>10} {'share':>7}")
    for style in styles:
        totals, per_field, notes = measure(style, captures, verbose)
        share = totals["reproduced"] / totals["stated"] * 100 if totals["stated"] else 0
        print(f"{style:8} {totals['captures']:8} {totals['packets in captures']:7} {totals['packets rebuilt']:7} "
              f"{totals['stated']:8} {totals['reproduced']:10} {share:6.2f}%")
        skipped = totals["captures skipped (tcpdump printed hex, the hex grammar's)"]
        if skipped:
            print(f"         ({skipped} capture(s) left out: tcpdump printed hex rows in them, which the tcpdump grammar reads)")
        worst = sorted(((c["reproduced"] / c["stated"], f, c) for f, c in per_field.items() if c["reproduced"] < c["stated"]))
        for ratio, field, c in worst[:12]:
            print(f"         {field:32} {c['reproduced']}/{c['stated']}")
        for note in notes[:100000 if verbose else 20]:
            print("         " + note)


if __name__ == "__main__":
    main()
