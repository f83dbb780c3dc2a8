# Tunnels and tags. VXLAN is the kernel's; this kernel has no 802.1Q, GRE, GENEVE, MPLS forwarding or
# ESP/AH, so those are written by wire.py at the two ends of a trunk (see wire.py), around real traffic.

cap_vlan_dot1q() {  # 802.1Q VID 100 PCP 3 on the trunk: ARP, ping, TCP, UDP inside
  trunk_hosts dot1q
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_vlan_qinq() {  # 802.1ad S-tag 200 over 802.1Q C-tag 100
  trunk_hosts qinq
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_mpls() {  # IPv4 labelled: two labels (1000, 2001) one way, one label (3001) back; ARP unlabelled
  trunk_hosts mpls
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_gre() {  # IPv4 in GRE with key 42 and sequence numbers
  trunk_hosts gre; static_neighbours
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_geneve() {  # Ethernet in GENEVE (VNI 5001, one option TLV) over UDP 6081
  trunk_hosts geneve
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_ipsec_esp() {  # ESP tunnel mode, AES-CBC + HMAC-SHA-256-128 (keys in the README), SPIs 0x1001/0x2002
  trunk_hosts esp --crypt-key 00112233445566778899aabbccddeeff --auth-key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
  static_neighbours
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_ipsec_ah() {  # AH tunnel mode, HMAC-SHA-256-128
  trunk_hosts ah --auth-key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
  static_neighbours
  capture_start m1 t0 "$1"
  inner_traffic
  capture_stop 1
}

cap_vxlan() {  # the kernel's VXLAN (VNI 42, UDP 4789) between two underlay namespaces
  ns_add a; ns_add b
  veth a u0 02:00:00:00:03:01 b u0 02:00:00:00:03:02
  nsx a ip addr add 192.168.255.1/24 dev u0; nsx b ip addr add 192.168.255.2/24 dev u0
  nsx a ip link add vx0 address $MAC_A type vxlan id 42 local 192.168.255.1 remote 192.168.255.2 dstport 4789 dev u0
  nsx b ip link add vx0 address $MAC_B type vxlan id 42 local 192.168.255.2 remote 192.168.255.1 dstport 4789 dev u0
  quiet_offloads a vx0; quiet_offloads b vx0
  nsx a ip addr add $IP_A/24 dev vx0; nsx b ip addr add $IP_B/24 dev vx0
  nsx a ip link set vx0 up; nsx b ip link set vx0 up
  nsx a ping -c1 -W1 192.168.255.2 >/dev/null
  capture_start a u0 "$1"
  inner_traffic
  capture_stop 1
}
