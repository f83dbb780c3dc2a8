# Shared helpers for the corpus capture scripts: namespaces, links, captures, teardown.
# Sourced by make-captures.sh; every namespace is named tic-* so teardown removes only ours.

PY=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORKDIR=${WORKDIR:-$(mktemp -d -t tic-corpus.XXXXXX)}
mkdir -p "$WORKDIR"; chmod 755 "$WORKDIR"  # lldpd drops privileges and must reach its socket
PIDS=()

log() { printf '== %s\n' "$*" >&2; }

# nsx NS CMD...: run a command inside namespace tic-NS
nsx() { local ns=$1; shift; ip netns exec "tic-$ns" "$@"; }

# ns_add NAME [v6]: a namespace with loopback up; IPv6 off unless asked, so captures hold no stray ND/MLD
ns_add() {
  ip netns add "tic-$1"
  nsx "$1" ip link set lo up
  if [ "${2:-}" != v6 ]; then
    nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  fi
}

# quiet_offloads NS IF: checksums computed in software and no TSO/GSO/GRO, so captured frames are what the wire carries
quiet_offloads() {
  nsx "$1" ethtool -K "$2" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
}

# veth NS1 IF1 MAC1 NS2 IF2 MAC2: a veth pair between two namespaces, fixed MACs, offloads off, up
veth() {
  ip link add "tic-tmp1" type veth peer name "tic-tmp2"
  ip link set tic-tmp1 netns "tic-$1"; ip link set tic-tmp2 netns "tic-$4"
  nsx "$1" ip link set tic-tmp1 name "$2" address "$3"
  nsx "$4" ip link set tic-tmp2 name "$5" address "$6"
  quiet_offloads "$1" "$2"; quiet_offloads "$4" "$5"
  nsx "$1" ip link set "$2" up; nsx "$4" ip link set "$5" up
}

# bg NS CMD...: start a background process in a namespace and remember its pid for teardown
bg() {
  local ns=$1; shift
  ip netns exec "tic-$ns" "$@" >>"$WORKDIR/bg.log" 2>&1 &
  PIDS+=($!)
  LASTPID=$!
}

# capture_start NS IF FILE [tcpdump options and filter...]: start tcpdump and wait until it listens
capture_start() {
  local ns=$1 ifc=$2 file=$3; shift 3
  local err="$WORKDIR/tcpdump.$$.$RANDOM.err"
  ip netns exec "tic-$ns" tcpdump -i "$ifc" -U -s 0 -w "$file" "$@" 2>"$err" &
  CAPPID=$!
  PIDS+=($CAPPID)
  for _ in $(seq 50); do grep -q "listening on" "$err" && break; sleep 0.1; done
  grep -q "listening on" "$err" || { cat "$err" >&2; return 1; }
  sleep 0.3
}

# capture_stop: stop the last capture started, after letting the last frames land
capture_stop() {
  sleep "${1:-0.5}"
  kill -INT "$CAPPID" 2>/dev/null; wait "$CAPPID" 2>/dev/null || true
}

# teardown: end every process we started (by pid) and delete our namespaces
teardown() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for ns in $(ip netns list | awk '/^tic-/{print $1}'); do
    # processes left in a namespace (daemons that forked) are ours: end them by pid
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    sleep 0.2
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns"
  done
  PIDS=()
}

MAC_A=02:00:00:00:00:0a
MAC_B=02:00:00:00:00:0b
IP_A=10.0.0.1
IP_B=10.0.0.2

# two_hosts [v6]: namespaces a and b joined by one veth (a0 - b0), 10.0.0.1 and 10.0.0.2 (fd00::1, fd00::2)
two_hosts() {
  ns_add a "${1:-}"; ns_add b "${1:-}"
  veth a a0 $MAC_A b b0 $MAC_B
  nsx a ip addr add $IP_A/24 dev a0; nsx b ip addr add $IP_B/24 dev b0
  if [ "${1:-}" = v6 ]; then
    nsx a ip addr add fd00::1/64 dev a0 nodad; nsx b ip addr add fd00::2/64 dev b0 nodad
  fi
}

# wired_hosts WIRE-ARGS...: a and b joined through namespace m, where wire.py copies frames between
# m0 (towards a) and m1 (towards b), applying the given impairments (out = a to b)
wired_hosts() {
  ns_add a; ns_add b; ns_add m
  veth a a0 $MAC_A m m0 02:00:00:00:01:00
  veth m m1 02:00:00:00:01:01 b b0 $MAC_B
  nsx a ip addr add $IP_A/24 dev a0; nsx b ip addr add $IP_B/24 dev b0
  bg m $PY "$HERE/wire.py" --inner m0 --outer m1 "$@"
  sleep 0.5
  # resolve each other before the capture starts, so ARP does not sit in every capture
  nsx a ping -c1 -W1 $IP_B >/dev/null
}

# tcp_server NS MODE PORT / tcp_client NS MODE HOST PORT: tcpapp.py in a namespace
tcp_server() { bg "$1" $PY "$HERE/tcpapp.py" server "$2" "$3"; sleep 0.4; }
tcp_client() { nsx "$1" $PY "$HERE/tcpapp.py" client "$2" "$3" "$4" >>"$WORKDIR/client.log" 2>&1; }

# trunk_hosts ENCAP [extra wire args]: a and b joined through two userspace edge devices m1 and m2
# whose link between them (m1's t0, the trunk) carries the encapsulation; capture there
TRUNK_L=02:00:00:00:02:01
TRUNK_R=02:00:00:00:02:02
trunk_hosts() {
  local encap=$1; shift
  ns_add a; ns_add m1; ns_add m2; ns_add b
  veth a a0 $MAC_A m1 e0 02:00:00:00:01:00
  veth m1 t0 $TRUNK_L m2 t0 $TRUNK_R
  veth m2 e0 02:00:00:00:01:01 b b0 $MAC_B
  nsx a ip addr add $IP_A/24 dev a0; nsx b ip addr add $IP_B/24 dev b0
  local common=(--encap "$encap" --hosts "$IP_A=$MAC_A" "$IP_B=$MAC_B" "$@")
  bg m1 $PY "$HERE/wire.py" --inner e0 --outer t0 --role left --local 192.168.255.1 --remote 192.168.255.2 \
    --local-mac $TRUNK_L --remote-mac $TRUNK_R --spi-out 0x1001 --spi-in 0x2002 "${common[@]}"
  bg m2 $PY "$HERE/wire.py" --inner e0 --outer t0 --role right --local 192.168.255.2 --remote 192.168.255.1 \
    --local-mac $TRUNK_R --remote-mac $TRUNK_L --spi-out 0x2002 --spi-in 0x1001 "${common[@]}"
  sleep 1.5
}

# static_neighbours: a and b know each other's MAC (for tunnels that carry only IP)
static_neighbours() {
  nsx a ip neigh replace $IP_B lladdr $MAC_B dev a0 nud permanent
  nsx b ip neigh replace $IP_A lladdr $MAC_A dev b0 nud permanent
}

# inner_traffic: a ping, a TCP request/response and a UDP datagram from a to b
inner_traffic() {
  nsx a ping -c 3 -i 0.2 -W 1 $IP_B >/dev/null || true
  tcp_server b echo 7200
  nsx a $PY "$HERE/tcpapp.py" client short $IP_B 7200 >/dev/null 2>&1 || true
  nsx a $PY -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'udp datagram', ('$IP_B', 7201))"
}
