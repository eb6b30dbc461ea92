/** Which IP addresses a server may connect to on a stranger's say-so: public unicast only. */
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * True for a public unicast address. Refused: loopback, private (RFC 1918), unique-local, link-local (including
 * cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, unspecified, reserved/documentation ranges,
 * and IPv6 outside global unicast 2000::/3. IPv6 forms that carry an IPv4 address are judged by the IPv4
 * address they lead to: IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::/48`),
 * Teredo (`2001:0:<server>::<~client>`) and ISATAP interface ids (`…:0:5efe:a.b.c.d`) are public only when
 * every IPv4 address they embed is; IPv4-compatible (`::a.b.c.d`) and local-use NAT64 (`64:ff9b:1::/48`)
 * addresses are always refused.
 *
 * @example
 * ```ts
 * isPublicAddress('8.8.8.8')           // true
 * isPublicAddress('10.0.0.1')          // false
 * isPublicAddress('::ffff:127.0.0.1')  // false
 * isPublicAddress('::7f00:1')          // false (IPv4-compatible 127.0.0.1)
 * isPublicAddress('64:ff9b::808:808')  // true  (NAT64 of 8.8.8.8)
 * isPublicAddress('2002:a9fe:a9fe::1') // false (6to4 of 169.254.169.254)
 * ```
 */
export function isPublicAddress(address: string): boolean {
  // Only what node:net (which makes the connection) reads as an address is judged, so the address judged is the
  // address connected to: inet_aton spellings (`127.1`, `0x7f000001`) are not addresses to it, and ipaddr.js
  // reads `::a.b.c.d` as IPv4-mapped where node:net reads it as IPv4-compatible.
  const family = isIP(address)
  try {
    if (family === 4) return isPublicIPv4(ipaddr.IPv4.parse(address))
    // A zone (`%eth0`) picks the interface, not the destination; link-local addresses are refused anyway.
    if (family === 6) return isPublicIPv6(ipaddr.IPv6.parse(withHexTail(address.replace(/%.*$/s, ''))))
  } catch {
    // node:net and ipaddr.js disagree: not an address this function can vouch for.
  }
  return false
}

/**
 * True for an `http:` URL whose host is a loopback name or address (`localhost`, `127.0.0.0/8`, `[::1]`; any port):
 * where a service tried on one machine publishes. The host is read as the URL parser reads it, so userinfo
 * (`http://localhost@evil.example`) or a lookalike (`http://localhost.evil.example`) does not pass.
 *
 * @example
 * ```ts
 * isLoopbackHttpUrl('http://127.0.0.1:8080/status/1')  // true
 * isLoopbackHttpUrl('http://localhost.evil.example/')  // false
 * ```
 */
export function isLoopbackHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  if (url.protocol !== 'http:') return false
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return host === 'localhost' || isLoopbackAddress(host)
}

/** True for an IPv4 loopback (127.0.0.0/8, also IPv4-mapped) or the IPv6 loopback address. */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)
}

/** True when `host` is an IP literal (IPv4, or IPv6 with or without brackets). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''))
}

/** `…:a.b.c.d` written as `…:XXXX:XXXX` (RFC 4291 §2.2 form 3, read as node:net reads it). */
function withHexTail(address: string): string {
  const match = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)
  if (match === null) return address
  const [a, b, c, d] = match.slice(2).map(Number) as [number, number, number, number]
  return `${match[1] ?? ''}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
}

function isPublicIPv4(address: ipaddr.IPv4): boolean {
  return address.range() === 'unicast'
}

/** The IPv4 address in the 16-bit groups `index` and `index + 1`, bitwise inverted when `inverted`. */
function ipv4In(parts: number[], index: number, inverted = false): ipaddr.IPv4 {
  const bits = (((parts[index] ?? 0) << 16) | (parts[index + 1] ?? 0)) ^ (inverted ? 0xffffffff : 0)
  return new ipaddr.IPv4([(bits >>> 24) & 0xff, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff])
}

const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96')

function isPublicIPv6(address: ipaddr.IPv6): boolean {
  const { parts } = address
  // ISATAP interface id (RFC 5214 §6.1): 0000:5efe or 0200:5efe (u/g bits may be set) then the IPv4 address the
  // host tunnels to, under any prefix. Only the interface id is judged here; the prefix is judged below.
  if (((parts[4] ?? 0) & 0xfcff) === 0 && parts[5] === 0x5efe && !isPublicIPv4(ipv4In(parts, 6))) return false
  // IPv4-mapped (RFC 4291 §2.5.5.2): a dual-stack socket connects to the IPv4 address itself.
  if (address.isIPv4MappedAddress()) return isPublicIPv4(address.toIPv4Address())
  // IPv4-compatible ::/96 (RFC 4291 §2.5.5.1), with :: and ::1 in it: deprecated, never a public destination.
  if (parts.slice(0, 6).every((part) => part === 0)) return false
  switch (address.range()) {
    // NAT64 (RFC 6052 §3.1): the translator connects to the embedded IPv4 address, and the well-known prefix
    // carries only global IPv4 addresses, so a public one stays public (IPv6-only networks reach IPv4 sites so).
    // The local-use 64:ff9b:1::/48 (RFC 8215) puts the IPv4 address where the operator's prefix length says:
    // it cannot be located, so it is refused.
    case 'rfc6052':
      return address.match(NAT64_WELL_KNOWN) && isPublicIPv4(ipv4In(parts, 6))
    // 6to4 (RFC 3056 §2): bits 16-47 are the IPv4 address of the site's router, which the packets are tunnelled to.
    case '6to4':
      return isPublicIPv4(ipv4In(parts, 1))
    // Teredo (RFC 4380 §4): bits 32-63 are the server's IPv4 address, the last 32 bits the client's, inverted; the
    // packets reach both.
    case 'teredo':
      return isPublicIPv4(ipv4In(parts, 2)) && isPublicIPv4(ipv4In(parts, 6, true))
    // Only 2000::/3 is allocated as global unicast (RFC 4291 §2.4, IANA IPv6 address space); the rest is reserved.
    case 'unicast':
      return ((parts[0] ?? 0) & 0xe000) === 0x2000
    default:
      return false
  }
}
