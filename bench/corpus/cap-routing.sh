# Routing protocols from FRR between two routers: OSPFv2, RIPv2, RIPng, BFD, PIM-SM with IGMP.
# r1 - r2 over one link (captured on r1); h1 behind r1 sends multicast, h2 behind r2 joins the group.

frr_start() {  # frr_start ROUTER DAEMON...: zebra and the daemons, configs from $WORKDIR/ROUTER/DAEMON.conf
  local r=$1; shift
  local dir="$WORKDIR/$r"
  chown -R frr:frr "$dir"
  for d in zebra "$@"; do
    [ -f "$dir/$d.conf" ] || : > "$dir/$d.conf"
    chown frr:frr "$dir/$d.conf"
    bg "$r" /usr/lib/frr/$d -f "$dir/$d.conf" -i "$dir/$d.pid" -z "$dir/zserv.api" --vty_socket "$dir" \
      -u frr -g frr --log "file:$dir/$d.log"
    if [ $d = zebra ]; then sleep 1; fi
  done
}

cap_routing_frr() {
  ns_add r1 v6; ns_add r2 v6; ns_add h1; ns_add h2
  veth r1 l12 02:00:00:00:06:01 r2 l21 02:00:00:00:06:02
  veth r1 s1 02:00:00:00:06:11 h1 h1 02:00:00:00:06:21
  veth r2 s2 02:00:00:00:06:12 h2 h2 02:00:00:00:06:22
  nsx r1 ip addr add 10.0.12.1/24 dev l12; nsx r2 ip addr add 10.0.12.2/24 dev l21
  nsx r1 ip addr add 10.1.1.1/24 dev s1; nsx h1 ip addr add 10.1.1.10/24 dev h1
  nsx r2 ip addr add 10.2.2.1/24 dev s2; nsx h2 ip addr add 10.2.2.10/24 dev h2
  nsx r1 ip addr add 1.1.1.1/32 dev lo; nsx r2 ip addr add 2.2.2.2/32 dev lo
  nsx h1 ip route add default via 10.1.1.1; nsx h2 ip route add default via 10.2.2.1
  for r in r1 r2; do nsx $r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1; done
  for n in 1 2; do
    local r=r$n link=$([ $n = 1 ] && echo l12 || echo l21) stub=s$n peer=10.0.12.$((3 - n))
    mkdir -p "$WORKDIR/$r"
    cat > "$WORKDIR/$r/ospfd.conf" <<CONF
interface $link
 ip ospf hello-interval 1
 ip ospf dead-interval 4
 ip ospf bfd
router ospf
 ospf router-id $n.$n.$n.$n
 network 10.0.12.0/24 area 0
 network 10.$n.$n.0/24 area 0
 redistribute connected
CONF
    cat > "$WORKDIR/$r/ripd.conf" <<CONF
router rip
 version 2
 network $link
 redistribute connected
 timers basic 5 30 20
CONF
    cat > "$WORKDIR/$r/ripngd.conf" <<CONF
router ripng
 network $link
 redistribute connected
 timers basic 5 30 20
CONF
    cat > "$WORKDIR/$r/bfdd.conf" <<CONF
bfd
 peer $peer interface $link
  receive-interval 300
  transmit-interval 300
CONF
    cat > "$WORKDIR/$r/pimd.conf" <<CONF
interface $link
 ip pim
 ip pim hello 5
interface $stub
 ip pim
 ip igmp
 ip igmp query-interval 5
CONF
  done
  nsx r1 ip -6 addr add fd00:12::1/64 dev l12 nodad; nsx r2 ip -6 addr add fd00:12::2/64 dev l21 nodad
  nsx r1 ip -6 addr add fd00:1::1/64 dev s1 nodad; nsx r2 ip -6 addr add fd00:2::1/64 dev s2 nodad
  capture_start r1 l12 "$1" 'not tcp and not arp'
  frr_start r1 ospfd ripd ripngd bfdd pimd
  frr_start r2 ospfd ripd ripngd bfdd pimd
  sleep 6
  # the static RP is refused until pimd knows a path to it, so it is set once the routers are up
  for r in r1 r2; do
    nsx $r vtysh --vty_socket "$WORKDIR/$r" -c "configure terminal" -c "ip pim rp 10.0.12.1 224.0.0.0/4" >/dev/null
  done
  sleep 2
  join_group h2 239.5.5.5 8 &                                     # h2 joins: r2 sends a PIM join towards the RP
  local joined=$!
  sleep 2
  nsx h1 $PY -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 8)
for i in range(5):
    s.sendto(b'multicast %d' % i, ('239.5.5.5', 5000)); time.sleep(0.5)"
  wait $joined
  capture_stop 1
}
