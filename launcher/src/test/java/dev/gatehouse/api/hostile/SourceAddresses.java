package dev.gatehouse.api.hostile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh loopback source address for every case, 127.1.1.1 onwards, never 127.0.0.x (the canary's):
 * the API throttles an address after 20 failed authentications a minute, and the auth cases fail on
 * purpose. Linux routes all of 127/8 to the loopback interface, so a socket may bind any of them.
 */
final class SourceAddresses {
    private final AtomicInteger next = new AtomicInteger();

    InetAddress next() {
        int n = next.getAndIncrement();
        int a = 1 + n / (254 * 254);
        int b = 1 + (n / 254) % 254;
        int c = 1 + n % 254;
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) a, (byte) b, (byte) c});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
