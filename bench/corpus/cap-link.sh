# Link layers: STP, LLDP and CDP on a bridge port; Linux cooked captures (SLL, SLL2); raw IP from a
# TUN link, and BSD NULL and LOOP rewritten from it.

cap_stp_lldp_cdp() {  # a Linux bridge with STP and an IGMP/MLD querier; lldpd on both ends sending LLDP, CDPv1/v2, FDP, EDP, SONMP (forced)
  ns_add sw v6; ns_add h v6
  veth sw p0 02:00:00:00:04:00 h h0 02:00:00:00:04:01
  nsx sw ip link add br0 address 02:00:00:00:04:ff type bridge stp_state 1 hello_time 100 forward_delay 400 \
    mcast_snooping 1 mcast_querier 1 mcast_query_interval 300 mcast_startup_query_interval 100
  nsx sw ip link set p0 master br0
  nsx h ip addr add 10.0.4.1/24 dev h0
  capture_start h h0 "$1"
  nsx sw ip link set br0 up
  bg sw lldpd -d -l -ccc -fff -eee -sss -I p0 -u "$WORKDIR/lldpd-sw.sock" -S "bridge sw" -L /usr/sbin/lldpcli
  bg h lldpd -d -l -ccc -fff -eee -sss -I h0 -u "$WORKDIR/lldpd-h.sock" -S "host h" -L /usr/sbin/lldpcli
  sleep 3
  nsx sw lldpcli -u "$WORKDIR/lldpd-sw.sock" update >/dev/null 2>&1 || true
  nsx h lldpcli -u "$WORKDIR/lldpd-h.sock" update >/dev/null 2>&1 || true
  sleep 5
  capture_stop 0
}

cooked_traffic() {  # what the cooked captures see: a ping, loopback, UDP, TCP
  nsx a ping -c 2 -i 0.2 $IP_B >/dev/null
  nsx a ping -c 1 127.0.0.1 >/dev/null
  nsx a $PY -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'hello', ('$IP_B', 9999))"
  tcp_server b echo 7300
  tcp_client a short $IP_B 7300
}

cap_sll_any() {  # tcpdump -i any: Linux cooked v1 (SLL)
  two_hosts
  capture_start a any "$1"
  cooked_traffic
  capture_stop 1
}

cap_sll2_any() {  # tcpdump -i any -y LINUX_SLL2: cooked v2, with interface index
  two_hosts
  capture_start a any "$1" -y LINUX_SLL2
  cooked_traffic
  capture_stop 1
}

cap_raw_ip_tun() {  # a point-to-point TUN link (IPv4 and IPv6): LINKTYPE_RAW
  ns_add a v6; ns_add b v6
  bg a $PY "$HERE/tunrelay.py" tun0 tic-b tun0
  sleep 1
  nsx a ip addr add $IP_A peer $IP_B dev tun0; nsx b ip addr add $IP_B peer $IP_A dev tun0
  nsx a ip addr add fd00::1/64 dev tun0 nodad; nsx b ip addr add fd00::2/64 dev tun0 nodad
  nsx a sysctl -qw net.ipv6.conf.tun0.router_solicitations=0
  nsx a ip link set tun0 up; nsx b ip link set tun0 up
  sleep 0.5
  capture_start a tun0 "$1"
  nsx a ping -c 2 -i 0.2 $IP_B >/dev/null
  nsx a ping -c 2 -i 0.2 fd00::2 >/dev/null
  tcp_server b echo6 7301
  tcp_client a short $IP_B 7301
  tcp_client a short fd00::2 7301
  nsx a $PY -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'hello', ('$IP_B', 9999))"
  capture_stop 1
  # BSD loopback headers in front of the same packets (converted: Linux cannot capture these)
  $PY "$HERE/nullloop.py" "$1" "$(dirname "$1")/converted-bsd-null.pcap" "$(dirname "$1")/converted-bsd-loop.pcap"
}

