package io.watchword.deploy.hostile;

import java.util.Map;

/**
 * A record to put on a consumed topic. {@code malformed} ones must be dead-lettered; the others
 * (valid events, replays of them) must be applied.
 *
 * @param id unique in a run; travels in the {@value #ID_HEADER} header so a dead letter can be
 *     matched even when its convention carries no original offset
 */
public record MalformedRecord(
        String id,
        String topic,
        int partition,
        byte[] key,
        byte[] value,
        Map<String, byte[]> headers,
        String kind,
        boolean malformed) {

    public static final String ID_HEADER = "x-watchword-hostile-id";
}
