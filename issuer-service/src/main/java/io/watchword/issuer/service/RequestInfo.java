package io.watchword.issuer.service;

/** Where a request came from, for the audit trail. */
public record RequestInfo(String sourceIp, String userAgent) {

    public static final RequestInfo INTERNAL = new RequestInfo("internal", "watchword-issuer");
}
