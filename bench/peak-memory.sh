#!/usr/bin/env bash
# Peak memory of whole `traceimport` processes on hostile inputs: one huge line, zero bytes, noise
# after text, UTF-16 without a byte-order mark, one packet of tens of megabytes, hundreds of
# megabyte-long lines the grammars skip, megabyte-long headings. Prints, per input, its size, the
# exit code, seconds, peak resident memory (/usr/bin/time's maximum RSS) and the first line on stderr.
# Usage: bench/peak-memory.sh [case...] (default: all; cases: line zeros noise utf16 od skipped headings dump).
# Needs tshark and od; writes about 1.5 GB of temporary files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(line zeros noise utf16 od skipped headings dump)

"$root/bench/lib/publish-cli.sh" "$work/bin"
seed="$root/fixtures/documents/seed-000-no-ftp-banner.txt"

make_input() { # case -> path of the input, and the command to run on it
  local input="$work/$1.txt"
  case $1 in
    line) # one line of 300 MB of hex digits after a hex dump
      { cat "$seed"; echo; head -c 300000000 /dev/zero | tr '\0' '4'; echo; } > "$input" ;;
    zeros) # 200 MB of zero bytes
      head -c 200000000 /dev/zero > "$input" ;;
    noise) # a document, then 200 MB of random bytes (past the first kilobytes, so read as text)
      { cat "$seed"; head -c 200000000 /dev/urandom; } > "$input" ;;
    utf16) # a 100 MB tshark -x dump in UTF-16 without a byte-order mark
      "$root/bench/make-dump.sh" 50 "$root/fixtures/captures/loopback-http.pcap" "$work/dump50.txt" >/dev/null
      iconv -f UTF-8 -t UTF-16LE "$work/dump50.txt" > "$input"; rm "$work/dump50.txt" ;;
    od) # od -Ax -tx1 of 40 MB: one packet whose offsets never restart (about 170 MB of text)
      head -c 40000000 /dev/urandom | od -Ax -tx1 -v > "$input" ;;
    skipped) # a tcpdump packet, then 250 lines of 900,000 characters inside its region, each skipped
      { printf '12:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request\n\t0x0000:  4500 0054 0000 4000 4001 0000 0a00 0001\n';
        for _ in $(seq 250); do printf '\t0x0010:  zz'; head -c 900000 /dev/zero | tr '\0' 'z'; echo; done; } > "$input" ;;
    headings) # 200 hex blocks, each under a heading line of 900,000 characters
      for _ in $(seq 200); do head -c 900000 /dev/zero | tr '\0' 'a'; printf '\n0000  45 00 00 14 00 00 00 00 40 06 00 00 7f 00 00 01 7f 00 00 01\n\n'; done > "$input" ;;
    dump) # for reference: a 210 MB tshark -x dump
      "$root/bench/make-dump.sh" 210 "$root/fixtures/captures/loopback-http.pcap" "$input" >/dev/null ;;
  esac
  echo "$input"
}

printf '%-9s %9s %-9s %5s %8s %9s  %s\n' case size command exit seconds "peak MB" "first line on stderr"
for name in "${cases[@]}"; do
  input=$(make_input "$name")
  for command in convert diagnose; do
    [ "$command" = diagnose ] && [ "$name" != headings ] && [ "$name" != dump ] && continue
    set +e
    if [ "$command" = convert ]; then
      /usr/bin/time -f "%e %M" -o "$work/time" "$work/bin/traceimport" convert "$input" -o "$work/out.pcapng" >/dev/null 2>"$work/err"
    else
      /usr/bin/time -f "%e %M" -o "$work/time" "$work/bin/traceimport" diagnose "$input" >/dev/null 2>"$work/err"
    fi
    code=$?
    set -e
    read -r seconds kilobytes < <(tail -1 "$work/time")
    printf '%-9s %6.0f MB %-9s %5d %8.2f %9.0f  %s\n' "$name" "$(echo "$(stat -c %s "$input") / 1000000" | bc -l)" "$command" "$code" "$seconds" \
      "$(echo "$kilobytes / 1024" | bc -l)" "$(head -1 "$work/err" | sed "s|$work/||g" | cut -c1-110)"
  done
  rm -f "$input" "$work/out.pcapng"
done
