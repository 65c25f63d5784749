package io.watchword.issuer.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.client.ClientIp;
import io.watchword.issuer.service.RequestInfo;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RequestInfos {

    private static final int MAX_USER_AGENT = 256;
    private final ClientIp clientIp;

    public RequestInfos(ClientIp clientIp) {
        this.clientIp = clientIp;
    }

    public RequestInfo of(HttpServerRequest request) {
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new RequestInfo(clientIp.of(request), ua);
    }
}
