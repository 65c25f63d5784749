package io.watchword.client.jaxrs;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;

/**
 * Where a request comes from, for {@code allowedCidrs} and usage events. Without a bean of this
 * type the filter uses the TCP peer address; an application behind reverse proxies provides one
 * that trusts {@code X-Forwarded-For} only from its configured proxies.
 */
@FunctionalInterface
public interface ClientAddressResolver {

    /** The caller's address, or null when it cannot be told. */
    InetAddress clientAddress(HttpServerRequest request);
}
