package dev.dynauth.spring.magiclink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** The keys rate limits count under: one per address, one per client network. */
final class RateKeys {
    private RateKeys() {}

    /**
     * An address's key: the mailbox the link is mailed to ({@link dev.dynauth.Identifiers#mailbox}: trailing dots off,
     * the domain's Unicode labels as A-labels). Nothing else is folded: {@code a+1@example.com} and
     * {@code a.b@gmail.com} may be different mailboxes at some providers, so they keep their own quota (the
     * per-client and global limits bound how many addresses one client can have mailed).
     */
    static String address(String identifier) {
        return dev.dynauth.Identifiers.mailbox(identifier);
    }

    /**
     * A client's key: an IPv4 address as it is; an IPv6 address by its /64 network (one subscriber usually holds a
     * whole /64, so per-address keys would be free to rotate).
     */
    static String client(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
                    : address);
            byte[] bytes = parsed.getAddress();
            if (bytes.length == 4) {
                // an IPv4-mapped IPv6 address (::ffff:192.0.2.1, as a proxy may forward it) is that IPv4 client
                return parsed.getHostAddress();
            }
            if (bytes.length == 16) {
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
        } catch (UnknownHostException | RuntimeException e) {
            // not a literal: keep it whole
        }
        return address;
    }
}
