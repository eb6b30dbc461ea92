/** Which IP addresses a server may connect to on a stranger's say-so: public unicast only. */
import ipaddr from 'ipaddr.js'

/**
 * True for a public unicast address. Loopback, private (RFC 1918), unique-local, link-local (including cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast, unspecified and reserved/documentation ranges are
 * refused; IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 *
 * @example
 * ```ts
 * isPublicAddress('8.8.8.8')         // true
 * isPublicAddress('10.0.0.1')        // false
 * isPublicAddress('::ffff:127.0.0.1') // false
 * ```
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  return ipaddr.process(address).range() === 'unicast'
}

/** True when `host` is an IP literal (IPv4, or IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''))
}
