package io.watchword.detector.scenario;

import java.util.SplittableRandom;

/** An IPv4 block (base address and size), and the helpers to draw addresses from public space. */
record Net(int base, int size) {

    /** A random host address of the block (never its .0 or .255). */
    int pick(SplittableRandom random) {
        while (true) {
            int ip = base + random.nextInt(size);
            int last = ip & 0xff;
            if (last != 0 && last != 255) {
                return ip;
            }
        }
    }

    /** A /16 whose first octet is one of {@code firstOctets}, outside private and shared space. */
    static Net slash16(SplittableRandom random, int[] firstOctets) {
        while (true) {
            int a = firstOctets[random.nextInt(firstOctets.length)];
            int b = random.nextInt(256);
            if ((a == 172 && b >= 16 && b < 32) || (a == 100 && b >= 64 && b < 128)) {
                continue;
            }
            return new Net((a << 24) | (b << 16), 1 << 16);
        }
    }

    /** A /24 inside this block. */
    Net slash24(SplittableRandom random) {
        return new Net((base + random.nextInt(size)) & 0xffffff00, 256);
    }

    /** {@code n} distinct-ish addresses of the block. */
    int[] hosts(SplittableRandom random, int n) {
        int[] hosts = new int[n];
        for (int i = 0; i < n; i++) {
            hosts[i] = pick(random);
        }
        return hosts;
    }

    static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
