package io.watchword.issuer.token.oauth;

import io.watchword.core.http.UrlEncodedForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} body, decoded strictly by {@link
 * UrlEncodedForm}: a broken percent escape or bytes that are not UTF-8 refuse the request instead
 * of being guessed at.
 * Parameters sent without a value are treated as omitted (RFC 6749 §3.1), and a parameter sent
 * twice is refused (§3.1, §3.2) unless it may repeat ({@code audience}, {@code resource}: RFC
 * 8693 §2.1, RFC 8707 §2).
 */
final class FormParameters {

    /** More than any legitimate token request sends; bounds the work a hostile body causes. */
    static final int MAX_PARAMETERS = 32;

    private static final Set<String> REPEATABLE = Set.of("audience", "resource");

    private final Map<String, List<String>> values;

    private FormParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static FormParameters parse(byte[] body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<Map.Entry<String, String>> pairs;
        try {
            pairs = UrlEncodedForm.pairs(body, MAX_PARAMETERS);
        } catch (UrlEncodedForm.MalformedFormException e) {
            throw invalid(e.getMessage());
        }
        for (Map.Entry<String, String> pair : pairs) {
            String name = pair.getKey();
            String value = pair.getValue();
            if (!value.isEmpty()) {
                List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>(1));
                if (!list.isEmpty() && !REPEATABLE.contains(name)) {
                    // The name is only echoed when it is one of ours (no input in errors).
                    throw invalid(
                            known(name)
                                    ? "The parameter " + name + " is included more than once."
                                    : "A parameter is included more than once.");
                }
                list.add(value);
            }
        }
        return new FormParameters(values);
    }

    /** The single value of a parameter, or null when it was not sent (or sent empty). */
    String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    private static boolean known(String name) {
        return Set.of(
                        "grant_type",
                        "client_id",
                        "client_secret",
                        "scope",
                        "subject_token",
                        "subject_token_type",
                        "actor_token",
                        "actor_token_type",
                        "requested_token_type")
                .contains(name);
    }

    /** One form-url-encoded component, e.g. a client id or secret inside HTTP Basic (RFC 6749 §2.3.1). */
    static String decode(String component) {
        try {
            return UrlEncodedForm.decode(component);
        } catch (UrlEncodedForm.MalformedFormException e) {
            throw invalid(e.getMessage());
        }
    }

    private static OAuthError invalid(String description) {
        return new OAuthError(OAuthError.INVALID_REQUEST, description);
    }
}
