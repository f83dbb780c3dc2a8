#!/usr/bin/python3
"""Compares the diagnosis's TCP findings with tshark's tcp.analysis flags, frame by frame.

Each capture is printed as text (`tshark -P -x`, `tcpdump -xx`, or the one-line summaries of `tshark -r` and
`tcpdump -n`, which hold no bytes), read back and
diagnosed by traceimport; every frame a tcp.analysis flag marks must be named by a finding of that
kind, and every frame a finding of a kind names must carry that flag. Prints, per flag and in all,
how many flagged frames tshark and the diagnosis give and how many agree; --detail lists each
capture's disagreements. Exits 1 when either total agreement falls under 95%.

Usage: bench/diagnosis/tcp-analysis-vs-tshark.py [--traceimport CMD] [--text tshark|tcpdump|both|tshark-summary|tcpdump-summary|summaries] [--detail] [CAPTURE...]
(default: every capture in fixtures/captures/corpus/). CMD defaults to a Release build made first.
"""
import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench", "corpus"))
from flags import flags as tshark_flags  # noqa: E402

# The finding code that names frames of each flag. tshark also marks fast and spurious
# retransmissions `retransmission`, and plain (timer) ones `rto`.
CODES = {
    "retransmission": ["tcp-retransmission", "tcp-fast-retransmission", "tcp-spurious-retransmission"],
    "rto": ["tcp-retransmission"],
    "fast_retransmission": ["tcp-fast-retransmission"],
    "spurious_retransmission": ["tcp-spurious-retransmission"],
    "duplicate_ack": ["tcp-duplicate-ack"],
    "lost_segment": ["tcp-lost-segment"],
    "ack_lost_segment": ["tcp-acked-unseen"],
    "out_of_order": ["tcp-out-of-order"],
    "zero_window": ["tcp-zero-window"],
    "zero_window_probe": ["tcp-zero-window-probe"],
    "zero_window_probe_ack": ["tcp-zero-window-probe-ack"],
    "window_full": ["tcp-window-full"],
    "window_update": ["tcp-window-update"],
    "keep_alive": ["tcp-keep-alive"],
    "keep_alive_ack": ["tcp-keep-alive-ack"],
    "reused_ports": ["tcp-reused-ports"],
}


# The text of each kind: hex dumps, and one-line summaries with no bytes (rebuilt from the words they print).
TEXTS = {
    "tshark": ["tshark", "-r", "{}", "-P", "-x"],
    "tcpdump": ["tcpdump", "-r", "{}", "-n", "-xx"],
    "tshark-summary": ["tshark", "-r", "{}"],
    "tcpdump-summary": ["tcpdump", "-r", "{}", "-n"],
}


def text_of(capture, kind):
    return subprocess.run([a.replace("{}", capture) for a in TEXTS[kind]], capture_output=True, check=True).stdout


def diagnosed(command, text):
    with tempfile.NamedTemporaryFile(suffix=".txt") as f:
        f.write(text)
        f.flush()
        out = subprocess.run(command + ["diagnose", f.name, "--output", "json"], capture_output=True, check=True).stdout
    findings = json.loads(out)["findings"]
    named = {}
    for flag, codes in CODES.items():
        named[flag] = sorted({p["number"] for f in findings if f["code"] in codes for p in f["packets"]})
    return named


def build():
    out = os.path.join(tempfile.gettempdir(), "traceimport-tcp-analysis-bin")
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "TraceImport.Cli"), "-c", "Release", "-o", out],
                   check=True, capture_output=True)
    return [os.path.join(out, "traceimport")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--traceimport")
    parser.add_argument("--text", default="both", choices=list(TEXTS) + ["both", "summaries"])
    parser.add_argument("--detail", action="store_true")
    parser.add_argument("captures", nargs="*")
    args = parser.parse_args()
    command = shlex.split(args.traceimport) if args.traceimport else build()
    captures = args.captures or sorted(glob.glob(os.path.join(ROOT, "fixtures", "captures", "corpus", "*.pcap*")))
    kinds = {"both": ["tshark", "tcpdump"], "summaries": ["tshark-summary", "tcpdump-summary"]}.get(args.text, [args.text])

    totals = {}  # (kind, flag) -> [tshark, ours, both]
    for capture in captures:
        expected = tshark_flags(capture)
        expected.setdefault("rto", [])
        for kind in kinds:
            ours = diagnosed(command, text_of(capture, kind))
            for flag in CODES:
                t, o = set(expected.get(flag, [])), set(ours[flag])
                row = totals.setdefault((kind, flag), [0, 0, 0])
                row[0] += len(t)
                row[1] += len(o)
                row[2] += len(t & o)
                if args.detail and t != o:
                    print(f"{os.path.basename(capture)} [{kind}] {flag}: tshark only {sorted(t - o)}, ours only {sorted(o - t)}")

    failed = False
    for kind in kinds:
        print(f"\n{kind} text of {len(captures)} captures")
        print(f"{'flag':26} {'tshark':>7} {'ours':>7} {'agree':>7}")
        sums = [0, 0, 0]
        for flag in CODES:
            t, o, b = totals[(kind, flag)]
            if t or o:
                print(f"{flag:26} {t:7} {o:7} {b:7}")
            if flag != "rto":  # rto frames are retransmission frames counted again
                sums = [s + v for s, v in zip(sums, (t, o, b))]
        recall = sums[2] / sums[0] if sums[0] else 1.0
        precision = sums[2] / sums[1] if sums[1] else 1.0
        print(f"{'all flags':26} {sums[0]:7} {sums[1]:7} {sums[2]:7}   "
              f"flagged frames named: {recall:.1%}, named frames flagged: {precision:.1%}")
        failed |= recall < 0.95 or precision < 0.95
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
