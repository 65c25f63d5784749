package io.watchword.analytics.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.analytics.config.ConsoleConfig;
import io.watchword.core.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Lifts a suspension through the revocation-service's {@code POST
 * /v1/suspensions/{credentialId}/reinstate}, with the analyst's own admin credential: the
 * revocation-service decides, audits and publishes as for any reinstatement, in the analyst's tenant
 * (decision 0159). This service never holds a credential that could lift suspensions by itself.
 */
@ApplicationScoped
public class ReinstatementClient {

    private static final Logger LOG = Logger.getLogger(ReinstatementClient.class);

    /** What the revocation-service answered. */
    public enum Outcome {
        /** The suspension was lifted. */
        REINSTATED,
        /** Nothing to lift: no suspension of this key in the tenant, or no longer suspended. */
        NOT_SUSPENDED,
        /** The throttle the policy put on the key was lifted (decision 0212). */
        THROTTLE_LIFTED,
        /** Nothing to lift: no throttle in force (expired, or lifted already). */
        NOT_THROTTLED
    }

    private final ConsoleConfig.Revocation config;
    private final HttpClient http;
    private final ObjectMapper json;

    public ReinstatementClient(ConsoleConfig config, ObjectMapper json) {
        this.config = config.revocation();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(this.config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param authorization the analyst's {@code Authorization} header, already authenticated here
     * @throws ProblemException 403 when the revocation-service refuses the credential, 503 when it
     *     cannot be reached or is not configured
     */
    public Outcome reinstate(String authorization, String credentialId, String comment) {
        int status = post(authorization, "/v1/suspensions/" + credentialId + "/reinstate", comment, "a suspension");
        if (status == 200) {
            return Outcome.REINSTATED;
        }
        if (status == 404 || status == 409) {
            return Outcome.NOT_SUSPENDED;
        }
        throw refused(status, "the suspension");
    }

    /**
     * Lifts the throttle a response policy put on the key, through the revocation-service's {@code
     * POST /v1/throttles/{credentialId}/lift}, with the analyst's own credential (decision 0212).
     *
     * @throws ProblemException as {@link #reinstate}
     */
    public Outcome liftThrottle(String authorization, String credentialId, String comment) {
        int status = post(authorization, "/v1/throttles/" + credentialId + "/lift", comment, "a throttle");
        if (status == 200) {
            return Outcome.THROTTLE_LIFTED;
        }
        if (status == 404 || status == 409) {
            return Outcome.NOT_THROTTLED;
        }
        throw refused(status, "the throttle");
    }

    private static ProblemException refused(int status, String what) {
        if (status == 401 || status == 403) {
            return ProblemException.insufficientScope(
                    "The revocation-service refused to lift " + what + " with this admin credential.");
        }
        LOG.warnf("the revocation-service answered %d to lifting %s", status, what);
        return ProblemException.unavailable("The revocation-service could not lift " + what + "; retry shortly.");
    }

    private int post(String authorization, String path, String comment, String what) {
        URI base = config.url()
                .orElseThrow(() -> ProblemException.unavailable(
                        "Lifting " + what + " is not configured here (watchword.console.revocation.url)."));
        HttpResponse<Void> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(config.requestTimeout())
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("comment", comment))))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.warnf("cannot reach the revocation-service to lift %s: %s", what, e.toString());
            throw ProblemException.unavailable("The revocation-service cannot be reached; retry shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("Interrupted while lifting " + what + "; retry.");
        }
        return response.statusCode();
    }
}
