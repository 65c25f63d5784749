package io.watchword.example.rest;

import io.vertx.ext.web.Router;
import io.watchword.client.jaxrs.WatchwordBodyLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Opts in to the client library's 413 problem+json for bodies over
 * {@code quarkus.http.limits.max-body-size}, declared or chunked (Quarkus would answer an empty 413
 * before any JAX-RS mapper runs).
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router) {
        WatchwordBodyLimit.install(router);
    }
}
