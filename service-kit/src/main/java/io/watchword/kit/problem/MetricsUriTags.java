package io.watchword.kit.problem;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * The last guard on anonymous {@code /q/metrics}: an HTTP metric's {@code uri} tag is kept only if
 * it looks like a route template ({@code /v1/keys/{id}}, {@code /q/health}) — lower-case letters, digits,
 * slashes, braces, dots, underscores and hyphens, no {@code ww_} — and becomes {@link
 * HttpEdgeHandlers#UNMATCHED} otherwise. A request the HTTP layer refuses before any route (an
 * undecodable path, decision 0097) is still measured, with its raw path as the tag; that path can
 * hold a pasted key or token (both carry capitals), so it never reaches a tag.
 */
@Singleton
public class MetricsUriTags {

    private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9/{}._-]{0,128}");

    @Produces
    @Singleton
    MeterFilter templatesOnly() {
        return MeterFilter.replaceTagValues("uri", MetricsUriTags::safe);
    }

    static String safe(String uri) {
        if (uri == null
                || uri.equals("NOT_FOUND")
                || uri.equals("REDIRECTION")
                || (TEMPLATE.matcher(uri).matches() && !uri.contains("ww_"))) {
            return uri;
        }
        return HttpEdgeHandlers.UNMATCHED;
    }
}
