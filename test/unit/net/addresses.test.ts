/**
 * isPublicAddress(): which addresses a server may connect to on a stranger's say-so. The expected values come
 * from the IANA IPv4 / IPv6 special-purpose address registries (RFC 6890 and successors), not from the code.
 */
import { describe, expect, it } from 'vitest'
import { isPublicAddress } from '../../../src/index.js'

describe('isPublicAddress(): public unicast addresses', () => {
  it.each([
    ['8.8.8.8', 'Google DNS'],
    ['1.1.1.1', 'Cloudflare DNS'],
    ['93.184.216.34', 'an ordinary public address'],
    ['9.255.255.255', 'just below 10.0.0.0/8'],
    ['11.0.0.1', 'just above 10.0.0.0/8'],
    ['172.15.255.255', 'just below 172.16.0.0/12'],
    ['172.32.0.1', 'just above 172.16.0.0/12'],
    ['192.167.255.255', 'just below 192.168.0.0/16'],
    ['192.169.0.1', 'just above 192.168.0.0/16'],
    ['100.63.255.255', 'just below 100.64.0.0/10 (CGNAT)'],
    ['100.128.0.1', 'just above 100.64.0.0/10 (CGNAT)'],
    ['169.253.255.255', 'just below 169.254.0.0/16'],
    ['169.255.0.1', 'just above 169.254.0.0/16'],
    ['126.255.255.255', 'just below 127.0.0.0/8'],
    ['128.0.0.1', 'just above 127.0.0.0/8'],
    ['223.255.255.254', 'just below multicast'],
    ['2001:4860:4860::8888', 'Google DNS over IPv6'],
    ['2606:4700:4700::1111', 'Cloudflare DNS over IPv6'],
    ['2a00:1450:4001:80b::200e', 'a global unicast IPv6 address'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6 of a public IPv4 address (judged as the IPv4 it carries)'],
  ])('%s is public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })
})

describe('isPublicAddress(): non-public addresses are refused', () => {
  it.each([
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback (whole /8)'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 (end)'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12 (end)'],
    ['192.168.0.1', 'private 192.168/16'],
    ['192.168.255.254', 'private 192.168/16 (end)'],
    ['169.254.169.254', 'link-local: cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT (end)'],
    ['0.0.0.0', 'unspecified (reaches the local host on Linux)'],
    ['0.1.2.3', '"this network" 0/8'],
    ['255.255.255.255', 'limited broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast (SSDP)'],
    ['192.0.2.1', 'documentation TEST-NET-1'],
    ['198.51.100.7', 'documentation TEST-NET-2'],
    ['203.0.113.9', 'documentation TEST-NET-3'],
    ['198.18.0.1', 'benchmarking 198.18/15'],
    ['240.0.0.1', 'reserved 240/4'],
    // IPv6
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique local (fc00::/7)'],
    ['fd12:3456:789a::1', 'unique local (fd00::/8)'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    // IPv4-mapped IPv6: judged as the IPv4 address they carry
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:a00:1', 'IPv4-mapped private, hex form'],
    ['::ffff:169.254.169.254', 'IPv4-mapped cloud metadata'],
    ['::ffff:100.64.0.1', 'IPv4-mapped CGNAT'],
    ['::ffff:192.168.1.1', 'IPv4-mapped private'],
    // IPv6 prefixes that embed an IPv4 address (NAT64, 6to4): not plain public unicast
    ['64:ff9b::7f00:1', 'NAT64 (RFC 6052) of 127.0.0.1'],
    ['64:ff9b::a00:1', 'NAT64 (RFC 6052) of 10.0.0.1'],
    ['2002:7f00:1::1', '6to4 of 127.0.0.1'],
  ])('%s is not public (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): IPv4 spellings that name the loopback address', () => {
  // inet_aton-style forms: a decimal long, short forms, octal, hex. Whatever a parser makes of them, they
  // must never be judged public (they all mean 127.0.0.1).
  it.each(['2130706433', '127.1', '0x7f000001', '0177.0.0.1', '0x7f.0.0.1'])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })
})

describe('isPublicAddress(): what is not an IP address is not public', () => {
  it.each(['', 'example.com', 'localhost', '256.1.1.1', '1.2.3.4.5', '[::1]', '::ffff:999.0.0.1', 'not an address', ' 8.8.8.8', '8.8.8.8/32'])(
    '%j is not public',
    (address) => {
      expect(isPublicAddress(address)).toBe(false)
    },
  )
})
