package io.watchword.deploy.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges one answer to a hostile request: never 5xx; every refusal an RFC 9457 problem whose
 * {@code status} member matches the answer (or, where the HTTP server answers before application
 * code, at least no HTML and no stack trace); never a planted secret or marker echoed; never a
 * protected endpoint serving a caller without a valid credential.
 */
public final class ResponseOracle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK = Pattern.compile(
            "(?m)(^\\s*at [\\w$.]+\\(|java\\.lang\\.|io\\.netty\\.|io\\.vertx\\.core\\.|org\\.jboss\\.|com\\.fasterxml\\.jackson\\.)");
    /** The end of a secret: never in a display prefix, so seeing it means the secret leaked. */
    private static final int TAIL = 16;

    private final Map<String, String> secrets;

    public ResponseOracle(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    public Set<FailureClass> judge(HostileRequest request, RawHttp.Response response) {
        Set<FailureClass> failures = EnumSet.noneOf(FailureClass.class);
        int status = response.status();
        if (status == 0) {
            if (!request.beforeApplication()) {
                failures.add(FailureClass.NO_ANSWER);
            }
            return failures;
        }
        if (status >= 500) {
            failures.add(FailureClass.SERVER_ERROR);
        }
        if (status == 101) {
            // An h2c upgrade taken: the real answer went out as HTTP/2 frames no check here can read.
            failures.add(FailureClass.SWITCHED_PROTOCOLS);
        }
        String contentType = response.header("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String body = response.bodyText();
        if (status >= 400) {
            if (type.contains("html")
                    || body.stripLeading().startsWith("<")
                    || STACK.matcher(body).find()) {
                failures.add(FailureClass.HTML_OR_STACK_TRACE);
            }
            if (!request.beforeApplication()) {
                judgeProblem(request, status, type, body, failures);
            }
            for (String marker : request.markers()) {
                if (response.everything().contains(marker)) {
                    failures.add(FailureClass.INPUT_ECHOED);
                }
            }
        }
        String everything = response.everything();
        String presented = authorization(request);
        for (String secret : secrets.values()) {
            // A success may show data callers stored earlier (a key or an order named after a
            // secret); elsewhere (tokens, introspection, JWKS, metrics…) only the credential the
            // request presented is looked for, as the one an answer could wrongly reflect.
            boolean storedData = status < 400
                    && (request.endpoint().returnsStoredData() || presented == null || !presented.contains(secret));
            if (!storedData
                    && (everything.contains(secret)
                            || (secret.length() > 2 * TAIL
                                    && everything.contains(secret.substring(secret.length() - TAIL))))) {
                failures.add(FailureClass.SECRET_ECHOED);
            }
        }
        if (status >= 200
                && status < 300
                && request.endpoint().isProtected()
                && !request.credentialValid()
                && !request.mutation().startsWith("path:")
                && !request.mutation().startsWith("method:")) {
            failures.add(FailureClass.ACCEPTED_WITHOUT_CREDENTIAL);
        }
        return failures;
    }

    private static void judgeProblem(
            HostileRequest request, int status, String type, String body, Set<FailureClass> failures) {
        if (!type.startsWith("application/problem+json")) {
            failures.add(FailureClass.NOT_PROBLEM_JSON);
            return;
        }
        if (headRequest(request)) {
            return; // A HEAD answer has no body to judge; its content type is right.
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (Exception e) {
            failures.add(FailureClass.NOT_PROBLEM_JSON);
            return;
        }
        if (problem == null
                || !problem.isObject()
                || !problem.path("type").isTextual()
                || !problem.path("title").isTextual()
                || problem.path("title").asText().isBlank()) {
            failures.add(FailureClass.NOT_PROBLEM_JSON);
            return;
        }
        if (!problem.path("status").isInt() || problem.path("status").asInt() != status) {
            failures.add(FailureClass.WRONG_STATUS_FIELD);
        }
    }

    private static String authorization(HostileRequest request) {
        String head = new String(request.head(), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Authorization:", 0, 14)) {
                return line.substring(14);
            }
        }
        return null;
    }

    private static boolean headRequest(HostileRequest request) {
        return request.head().length >= 5
                && request.head()[0] == 'H'
                && request.head()[1] == 'E'
                && request.head()[2] == 'A'
                && request.head()[3] == 'D'
                && request.head()[4] == ' ';
    }

    /** The response, secrets masked, control characters escaped, cut short: for the report. */
    public String describe(RawHttp.Response response, int maxChars) {
        if (response.status() == 0) {
            return "(no answer: " + response.failure() + ")";
        }
        String text =
                response.status() + " " + String.valueOf(response.header("Content-Type")) + " " + response.bodyText();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            text = text.replace(secret.getValue(), "<" + secret.getKey() + ">");
            String value = secret.getValue();
            if (value.length() > 2 * TAIL) {
                text = text.replace(value.substring(value.length() - TAIL), "<end of " + secret.getKey() + ">");
            }
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < maxChars; i++) {
            char c = text.charAt(i);
            shown.append(c < 0x20 ? ' ' : c);
        }
        return shown + (text.length() > maxChars ? "…" : "");
    }
}
