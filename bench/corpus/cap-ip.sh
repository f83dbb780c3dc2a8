# IPv4 and IPv6 network layer: ARP, ICMP, IGMP, options, fragments, extension headers, routing errors.

# routed_hosts [v6]: a - r - b with r forwarding; r-b link MTU 1280 (for "fragmentation needed" / "too big")
routed_hosts() {
  ns_add a "${1:-}"; ns_add r "${1:-}"; ns_add b "${1:-}"
  veth a a0 $MAC_A r ra 02:00:00:00:05:0a
  veth r rb 02:00:00:00:05:0b b b0 $MAC_B
  nsx r ip link set rb mtu 1280; nsx b ip link set b0 mtu 1280
  nsx r sysctl -qw net.ipv4.ip_forward=1
  nsx r ip addr add 10.0.0.254/24 dev ra; nsx r ip addr add 10.1.0.254/24 dev rb
  nsx b ip addr add 10.1.0.2/24 dev b0
  nsx b ip route add default via 10.1.0.254
}

join_group() {  # join_group NS GROUP SECONDS: an IPv4 multicast listener (IGMP reports, then a leave)
  nsx "$1" $PY -c "
import socket, struct, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack('4s4s', socket.inet_aton('$2'), socket.inet_aton('0.0.0.0')))
time.sleep($3)
s.setsockopt(socket.IPPROTO_IP, socket.IP_DROP_MEMBERSHIP, struct.pack('4s4s', socket.inet_aton('$2'), socket.inet_aton('0.0.0.0')))
time.sleep(0.3)"
}

cap_ipv4_icmp_arp() {  # captured on a, before ARP: options, fragments, ICMP errors of every common kind, IGMP v2/v3
  routed_hosts
  nsx r ip route add unreachable 10.9.0.0/16; nsx r ip route add prohibit 10.8.0.0/16
  capture_start a a0 "$1"
  nsx a ip addr add $IP_A/24 dev a0; nsx a ip route add default via 10.0.0.254
  nsx a arping -c 1 -w 2 -D -I a0 10.0.0.1 >/dev/null || true        # duplicate address probe
  nsx a arping -c 1 -U -I a0 10.0.0.1 >/dev/null || true             # gratuitous ARP
  nsx a arping -c 2 -w 2 -I a0 10.0.0.99 >/dev/null || true          # nobody answers
  nsx a ping -c 2 -i 0.2 -W 1 10.1.0.2 >/dev/null                    # ARP for the router, echo
  nsx a ping -c 1 -R -W 1 10.1.0.2 >/dev/null || true                # record route option
  nsx a ping -c 1 -T tsandaddr -W 1 10.1.0.2 >/dev/null || true      # timestamp option
  nsx a ping -c 1 -s 3000 -W 1 10.1.0.2 >/dev/null || true           # fragmented request and reply
  nsx a ping -c 1 -M do -s 1400 -W 1 10.1.0.2 >/dev/null || true     # fragmentation needed (MTU 1280)
  nsx a ping -c 1 -t 1 -W 1 10.1.0.2 >/dev/null || true              # time exceeded in transit
  nsx a ping -c 1 -W 1 10.9.0.1 >/dev/null || true                   # host unreachable (route)
  nsx a ping -c 1 -W 1 10.8.0.1 >/dev/null || true                   # administratively prohibited
  nsx a traceroute -n -q 1 -m 3 -w 1 10.1.0.2 >/dev/null || true     # UDP probes: time exceeded, port unreachable
  nsx a $PY -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('10.0.0.254', 33000))"
  join_group a 239.1.1.1 1                                           # IGMPv3 report and leave
  nsx a sysctl -qw net.ipv4.conf.a0.force_igmp_version=2
  join_group a 239.2.2.2 1                                           # IGMPv2 report and leave
  capture_stop 1
}

cap_ipv6_ext_icmpv6() {  # captured on a from address configuration: DAD, RS, ND, MLDv2, echo, errors, extension headers, SRH
  routed_hosts v6
  nsx r sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.ra.seg6_enabled=1
  nsx b sysctl -qw net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.b0.seg6_enabled=1
  nsx r ip -6 addr add fd00:a::fe/64 dev ra nodad; nsx r ip -6 addr add fd00:b::fe/64 dev rb nodad
  nsx b ip -6 addr add fd00:b::2/64 dev b0 nodad; nsx b ip -6 addr add fd00:b::3/64 dev b0 nodad
  nsx b ip -6 route add default via fd00:b::fe
  nsx r ip -6 route add unreachable fd00:99::/64; nsx r ip -6 route add prohibit fd00:98::/64
  nsx a sysctl -qw net.ipv6.conf.a0.disable_ipv6=1
  capture_start a a0 "$1"
  nsx a sysctl -qw net.ipv6.conf.a0.disable_ipv6=0                   # link-local, DAD, RS, MLD reports
  sleep 2
  nsx a ip -6 addr add fd00:a::1/64 dev a0; sleep 2                  # DAD for the global address
  nsx a ip -6 route add default via fd00:a::fe
  nsx a ping -6 -c 2 -i 0.2 -W 1 fd00:b::2 >/dev/null                # ND for the router, echo
  nsx a ping -6 -c 1 -M do -s 1400 -W 1 fd00:b::2 >/dev/null || true # packet too big
  nsx a ping -6 -c 1 -s 3000 -W 1 fd00:b::2 >/dev/null || true       # fragment headers
  nsx a ping -6 -c 1 -t 1 -W 1 fd00:b::2 >/dev/null || true          # hop limit exceeded
  nsx a ping -6 -c 1 -W 1 fd00:99::1 >/dev/null || true              # no route
  nsx a ping -6 -c 1 -W 1 fd00:98::1 >/dev/null || true              # administratively prohibited
  nsx a traceroute -6 -n -q 1 -m 3 -w 1 fd00:b::2 >/dev/null || true # UDP probes: time exceeded, port unreachable
  nsx a $PY "$HERE/ip6opts.py" fd00:b::2 9999                        # hop-by-hop, destination options, fragments
  nsx a ip -6 route add fd00:b::3/128 encap seg6 mode inline segs fd00:a::fe via fd00:a::fe dev a0
  nsx a ping -6 -c 2 -i 0.2 -W 1 fd00:b::3 >/dev/null || true        # segment routing header through r
  nsx a $PY -c "
import socket, struct, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, 'ff05::1:3') + struct.pack('@I', socket.if_nametoindex('a0')))
time.sleep(1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, socket.inet_pton(socket.AF_INET6, 'ff05::1:3') + struct.pack('@I', socket.if_nametoindex('a0')))
time.sleep(0.3)"                                                       # MLDv2 report and leave
  nsx a sysctl -qw net.ipv6.conf.a0.force_mld_version=1
  nsx a $PY -c "
import socket, struct, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, 'ff05::1:4') + struct.pack('@I', socket.if_nametoindex('a0')))
time.sleep(1)"                                                         # MLDv1 report and done
  capture_stop 1
}
