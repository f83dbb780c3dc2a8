#!/bin/sh
# dhclient's hook for the DHCP capture: configure only the leased address (no routes, no resolv.conf),
# so that the release that follows is sent from it.
case "$reason" in
  BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/24" dev "$interface" ;;
  RELEASE|EXPIRE|STOP) [ -n "$old_ip_address" ] && ip addr del "$old_ip_address/24" dev "$interface" ;;
  BOUND6|RENEW6|REBIND6) [ -n "$new_ip6_address" ] && ip -6 addr add "$new_ip6_address/128" dev "$interface" nodad ;;
  RELEASE6|EXPIRE6|STOP6) [ -n "$old_ip6_address" ] && ip -6 addr del "$old_ip6_address/128" dev "$interface" ;;
esac
exit 0
