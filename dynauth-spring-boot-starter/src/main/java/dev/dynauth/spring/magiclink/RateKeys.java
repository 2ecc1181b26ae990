package dev.dynauth.spring.magiclink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** The keys rate limits count under: one per address, one per client network. */
final class RateKeys {
    private RateKeys() {}

    /**
     * An address's key: the normalised identifier with the domain's trailing dots removed ({@code a@example.com.}
     * is the same mailbox as {@code a@example.com}). Nothing else is folded: {@code a+1@example.com} and
     * {@code a.b@gmail.com} may be different mailboxes at some providers, so they keep their own quota (the
     * per-client and global limits bound how many addresses one client can have mailed).
     */
    static String address(String identifier) {
        int at = identifier.lastIndexOf('@');
        String domain = identifier.substring(at + 1);
        int end = domain.length();
        while (end > 0 && domain.charAt(end - 1) == '.') {
            end--;
        }
        return identifier.substring(0, at + 1) + domain.substring(0, end);
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
            byte[] bytes = InetAddress.getByName(address.startsWith("[") ? address.substring(1, address.length() - 1)
                    : address).getAddress();
            if (bytes.length == 16) {
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
        } catch (UnknownHostException | RuntimeException e) {
            // not a literal: keep it whole
        }
        return address;
    }
}
