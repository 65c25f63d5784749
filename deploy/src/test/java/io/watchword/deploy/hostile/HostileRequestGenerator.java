package io.watchword.deploy.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates hostile HTTP requests from a seed: request {@code i} depends only on the seed and
 * {@code i} (and the ids of the stack it aims at), so a failing run is replayed with its seed
 * (decision 0095). Endpoints are taken round-robin, so each gets its share; each request gets one
 * family of mutation (method, path, query, credential, content type, body, form encoding, headers,
 * chunked framing, planted secret, or none) and, most of the time, the legitimate caller's
 * credential so that validation is reached rather than stopped at authentication.
 */
public final class HostileRequestGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** A request whose head grows past this is treated as over the server's limits. */
    static final int HEAD_LIMIT = 8 * 1024;

    /** Vert.x's default limit of the request line (414 beyond it). */
    static final int REQUEST_LINE_LIMIT = 4096;

    /** Over the services' {@code quarkus.http.limits.max-body-size} (64K). */
    static final int OVERSIZED_BODY = 96 * 1024;

    private final AttackContext target;
    private final List<Endpoint> endpoints;
    private final long seed;

    public HostileRequestGenerator(AttackContext target, List<Endpoint> endpoints, long seed) {
        this.target = target;
        this.endpoints = List.copyOf(endpoints);
        this.seed = seed;
    }

    public List<HostileRequest> generate(int count) {
        Random sequence = new Random(seed);
        List<HostileRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long own = sequence.nextLong();
            requests.add(new Draft(i, endpoints.get(i % endpoints.size()), new Random(own)).build());
        }
        return requests;
    }

    private enum Family {
        METHOD(7),
        PATH(13),
        QUERY(9),
        CREDENTIAL(13),
        CONTENT_TYPE(7),
        BODY(20),
        FORM(0),
        HEADERS(9),
        CHUNKED(5),
        PLANTED_SECRET(12),
        NONE(5);

        final int weight;

        Family(int weight) {
            this.weight = weight;
        }
    }

    /** One request being built: starts as the legitimate request, then one family mutates it. */
    private final class Draft {
        final int index;
        final Endpoint endpoint;
        final Random rnd;
        String method;
        String path;
        String query = "";
        String authorization;
        boolean credentialValid = true;
        String contentType;
        byte[] body = new byte[0];
        final List<String> extraHeaders = new ArrayList<>();
        boolean hostHeader = true;
        /** The Connection header: close, so an answer ends the exchange; an upgrade names its tokens. */
        String connection = "close";

        boolean contentLength = true;
        boolean chunked;
        int chunkedSize;
        String rawFraming;
        boolean beforeApplication;
        String mutation;
        final Set<String> planted = new HashSet<>();
        final Set<String> markers = new HashSet<>();

        Draft(int index, Endpoint endpoint, Random rnd) {
            this.index = index;
            this.endpoint = endpoint;
            this.rnd = rnd;
            this.method = endpoint.method();
            this.path = endpoint.template().replace("{id}", legitimateId());
            this.authorization = bearer(target.credentialFor(endpoint.caller()));
            if (endpoint.body() == Endpoint.Body.JSON || endpoint.body() == Endpoint.Body.OPTIONAL_JSON) {
                contentType = "application/json";
                body = utf8(baseJson().toString());
            } else if (endpoint.body() == Endpoint.Body.FORM) {
                contentType = "application/x-www-form-urlencoded";
                body = utf8(baseForm());
            }
        }

        HostileRequest build() {
            Family family = pickFamily();
            // Anonymous now and then, so both the authentication and the validation path are hit.
            if (family != Family.CREDENTIAL && endpoint.isProtected() && rnd.nextInt(4) == 0) {
                authorization = null;
                credentialValid = false;
            }
            switch (family) {
                case METHOD -> mutateMethod();
                case PATH -> mutatePath();
                case QUERY -> mutateQuery();
                case CREDENTIAL -> mutateCredential();
                case CONTENT_TYPE -> mutateContentType();
                case BODY -> mutateBody();
                case FORM -> mutateForm();
                case HEADERS -> mutateHeaders();
                case CHUNKED -> mutateChunked();
                case PLANTED_SECRET -> plantSecret();
                case NONE -> mutation = "none";
            }
            if (!endpoint.isProtected()) {
                credentialValid = true;
            }
            return assemble();
        }

        private Family pickFamily() {
            List<Family> families = new ArrayList<>();
            for (Family f : Family.values()) {
                int weight = f.weight;
                if (f == Family.FORM) {
                    weight = endpoint.body() == Endpoint.Body.FORM ? 20 : 0;
                }
                if (f == Family.BODY && endpoint.body() == Endpoint.Body.FORM) {
                    weight = 6;
                }
                if (f == Family.BODY && endpoint.body() == Endpoint.Body.NONE) {
                    weight = 3;
                }
                for (int w = 0; w < weight; w++) {
                    families.add(f);
                }
            }
            return families.get(rnd.nextInt(families.size()));
        }

        // ---- method ---------------------------------------------------------------------------

        private void mutateMethod() {
            String[] methods = {
                "DELETE", "PUT", "PATCH", "POST", "GET", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO", "get", "pOsT"
            };
            int pick = rnd.nextInt(methods.length + 2);
            if (pick == methods.length) {
                method = "G\u0000T";
                beforeApplication = true;
                mutation = "method:nul";
            } else if (pick == methods.length + 1) {
                method = "X".repeat(5000 + rnd.nextInt(5000));
                beforeApplication = true;
                mutation = "method:overlong";
            } else {
                method = methods[pick];
                mutation = "method:" + method;
            }
        }

        // ---- path -----------------------------------------------------------------------------

        private void mutatePath() {
            String hostile = hostileSegment();
            if (endpoint.hasId()) {
                path = endpoint.template().replace("{id}", hostile);
            } else {
                int how = rnd.nextInt(3);
                path = switch (how) {
                    case 0 -> endpoint.template() + "/" + hostile;
                    case 1 -> endpoint.template() + hostile;
                    default -> "/" + hostile + endpoint.template();
                };
            }
            if (rnd.nextInt(8) == 0) {
                path = path.replace("/", "//");
                mutation += "+double-slash";
            }
        }

        /** A hostile path segment; sets the mutation name and whether the server may refuse first. */
        private String hostileSegment() {
            int pick = rnd.nextInt(30);
            switch (pick) {
                case 0:
                    mutation = "path:percent-nul";
                    return "%00";
                case 1:
                    mutation = "path:id-with-percent-nul";
                    return "key_" + random(10) + "%00" + random(8);
                case 2:
                    mutation = "path:raw-nul";
                    beforeApplication = true;
                    return "key_\u0000" + random(8);
                case 3:
                    mutation = "path:encoded-traversal";
                    return "%2e%2e%2f%2e%2e%2fq%2fhealth";
                case 4:
                    mutation = "path:traversal";
                    return "../../../../etc/passwd";
                case 5:
                    mutation = "path:encoded-slash-traversal";
                    return "..%2F..%2F..%2Fv1%2Ftenants";
                case 6:
                    mutation = "path:broken-percent";
                    // An undecodable request target is refused by Vert.x before any route or
                    // application code (decisions 0097, 0110; quarkus#55082): a bare 400 is allowed.
                    beforeApplication = true;
                    return rnd.nextBoolean() ? "%ZZ" : "abc%";
                case 7:
                    mutation = "path:overlong-utf8";
                    return "%C0%AE%C0%AE%C0%AF";
                case 8:
                    mutation = "path:crlf-injection";
                    return "x%0d%0aSet-Cookie:%20pwned=1";
                case 9:
                    mutation = "path:unicode-raw";
                    beforeApplication = true;
                    return "ключ_💥_" + random(4);
                case 10:
                    mutation = "path:unicode-encoded";
                    return "%F0%9F%92%A5%E2%80%AE" + random(6);
                case 11:
                    mutation = "path:unknown-well-formed-id";
                    return "key_" + random(22);
                case 12:
                    mutation = "path:other-tenant-id";
                    return target.otherKeyId();
                case 13:
                    mutation = "path:marker";
                    return marker();
                case 14:
                    mutation = "path:planted-secret";
                    String secret = secret();
                    planted.add(secret);
                    return secret;
                case 15:
                    mutation = "path:long-segment";
                    return "a".repeat(300 + rnd.nextInt(3000));
                case 16:
                    mutation = "path:overlong-request-line";
                    beforeApplication = true;
                    return "b".repeat(HEAD_LIMIT + rnd.nextInt(20_000));
                case 17:
                    mutation = "path:matrix-params";
                    return "x;jsessionid=" + random(8) + ";a=b";
                case 18:
                    mutation = "path:double-encoded";
                    return "%252e%252e%252f%2500";
                case 19:
                    mutation = "path:raw-control";
                    beforeApplication = true;
                    return "a\u0001b\u007fc\u001b[31m";
                case 20:
                    mutation = "path:encoded-control";
                    return "%01%1b%7f%08";
                case 21:
                    mutation = "path:huge-number";
                    return "9".repeat(40);
                case 22:
                    mutation = "path:negative";
                    return "-1";
                case 23:
                    mutation = "path:invalid-utf8-encoded";
                    return "%ff%fe%fd";
                case 24:
                    mutation = "path:raw-space";
                    beforeApplication = true;
                    return "a b";
                case 25:
                    mutation = "path:empty-segment";
                    return "";
                case 26:
                    mutation = "path:admin-key-id-shape";
                    return "adm_" + random(22);
                case 27:
                    mutation = "path:token-id-shape";
                    return "tok_" + random(22);
                case 28:
                    mutation = "path:sql";
                    return "key_'%20OR%20'1'='1";
                default:
                    mutation = "path:template-literal";
                    return "%7Bid%7D";
            }
        }

        // ---- query ----------------------------------------------------------------------------

        private void mutateQuery() {
            String[] names = {"limit", "cursor", "status", "tenant", "expiringBefore", "environment", "token"};
            String name = names[rnd.nextInt(names.length)];
            String value;
            int pick = rnd.nextInt(16);
            switch (pick) {
                case 0 -> value = "-1";
                case 1 -> value = "0";
                case 2 -> value = "99999999999999999999";
                case 3 -> value = "abc";
                case 4 -> value = "%00";
                case 5 -> value = b64("-1");
                case 6 -> value = b64("99999999999999999999999");
                case 7 -> value = b64("12\u0000");
                case 8 -> {
                    value = "%ZZ%";
                    beforeApplication = true; // undecodable query: refused before any route (0097)
                }
                case 9 -> value = "x".repeat(2000 + rnd.nextInt(4000));
                case 10 -> {
                    value = marker();
                }
                case 11 -> {
                    value = secret();
                    planted.add(value);
                }
                case 12 -> value = target.otherTenantId();
                case 13 -> value = "2026-13-45T99:99:99Z";
                case 14 -> value = "%F0%9F%92%A5";
                default -> value = "";
            }
            mutation = "query:" + name + (pick == 11 ? "=planted-secret" : pick == 10 ? "=marker" : "#" + pick);
            query = name + "=" + value;
            if (rnd.nextInt(4) == 0) {
                query += "&" + name + "=" + value + "&&=&" + name;
                mutation += "+repeated";
            }
            if (rnd.nextInt(10) == 0) {
                query += "&raw=\u0000";
                beforeApplication = true;
                mutation += "+raw-nul";
            }
        }

        // ---- credential -----------------------------------------------------------------------

        private void mutateCredential() {
            credentialValid = false;
            int pick = rnd.nextInt(17);
            switch (pick) {
                case 0 -> {
                    authorization = null;
                    mutation = "auth:missing";
                }
                case 1 -> {
                    authorization = "Bearer";
                    mutation = "auth:bearer-without-credential";
                }
                case 2 -> {
                    authorization = "Bearer " + random(40);
                    mutation = "auth:garbage";
                }
                case 3 -> {
                    authorization = "Basic " + b64("admin:" + target.adminKey());
                    mutation = "auth:basic-with-secret";
                }
                case 4 -> {
                    authorization = "Bearer " + "A".repeat(HEAD_LIMIT + rnd.nextInt(30_000));
                    beforeApplication = true;
                    mutation = "auth:huge";
                }
                case 5 -> {
                    authorization = "Bearer " + "A".repeat(1000 + rnd.nextInt(5000));
                    mutation = "auth:long";
                }
                case 6 -> {
                    authorization = bearer(target.otherAdminKey());
                    // Valid, for the other tenant: what matters is that it reaches nothing of ours.
                    credentialValid = true;
                    mutation = "auth:other-tenant";
                }
                case 7 -> {
                    authorization = bearer(target.revokedAdminKey());
                    mutation = "auth:revoked-admin-key";
                }
                case 8 -> {
                    authorization = bearer(target.revokedApiKey());
                    mutation = "auth:revoked-api-key";
                }
                case 9 -> {
                    authorization = bearer(target.apiKey());
                    credentialValid = endpoint.caller() == Endpoint.Caller.API_KEY;
                    mutation = "auth:api-key-where-admin-expected";
                }
                case 10 -> {
                    authorization = bearer(target.adminKey());
                    credentialValid = endpoint.caller() == Endpoint.Caller.TENANT_ADMIN
                            || endpoint.caller() == Endpoint.Caller.INTROSPECTOR;
                    mutation = "auth:admin-key-where-api-key-expected";
                }
                case 11 -> {
                    String key = target.adminKey();
                    authorization = "Bearer " + key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
                    mutation = "auth:bad-checksum";
                }
                case 12 -> {
                    authorization = "Bearer " + target.adminKey() + "%00";
                    mutation = "auth:trailing-percent-nul";
                }
                case 13 -> {
                    authorization = "Bearer " + target.adminKey() + "\u0000";
                    beforeApplication = true;
                    mutation = "auth:raw-nul";
                }
                case 14 -> {
                    authorization = bearer(target.accessToken());
                    credentialValid = endpoint.caller() == Endpoint.Caller.API_KEY;
                    mutation = "auth:access-token";
                }
                case 15 -> {
                    authorization = "Bearer " + b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                            + b64("{\"sub\":\"" + target.tenantId() + "\",\"scope\":\"keys:admin\"}") + ".";
                    mutation = "auth:alg-none-token";
                }
                default -> {
                    authorization = "bearer    " + target.adminKey().toLowerCase(java.util.Locale.ROOT);
                    mutation = "auth:lowercased-key";
                }
            }
            if (!endpoint.isProtected()) {
                credentialValid = true;
            }
        }

        // ---- content type ---------------------------------------------------------------------

        private void mutateContentType() {
            String[] types = {
                null,
                "text/plain",
                "application/xml",
                "application/json; charset=ebcdic",
                "application/x-www-form-urlencoded",
                "application/json",
                "garbage",
                "application/json;;;==",
                "multipart/form-data; boundary=",
                "application/merge-patch+json",
                "*/*",
                "application/problem+json",
                "text/html; charset=utf-8"
            };
            int pick = rnd.nextInt(types.length);
            contentType = types[pick];
            mutation = "content-type:" + (contentType == null ? "missing" : contentType);
            if (body.length == 0 && rnd.nextBoolean()) {
                body = utf8("{\"a\":1}");
            }
        }

        // ---- JSON body ------------------------------------------------------------------------

        private void mutateBody() {
            if (contentType == null || contentType.contains("form")) {
                contentType = "application/json";
            }
            String base = baseJson().toString();
            int pick = rnd.nextInt(24);
            switch (pick) {
                case 0 -> {
                    byte[] bytes = new byte[16 + rnd.nextInt(2048)];
                    rnd.nextBytes(bytes);
                    body = bytes;
                    mutation = "body:random-bytes";
                }
                case 1 -> {
                    body = utf8(base.substring(0, 1 + rnd.nextInt(Math.max(1, base.length() - 1))));
                    mutation = "body:truncated-json";
                }
                case 2 -> {
                    int depth = 2_000 + rnd.nextInt(25_000);
                    body = utf8("[".repeat(depth) + "]".repeat(depth));
                    mutation = "body:deeply-nested-arrays";
                }
                case 3 -> {
                    int depth = 1_500 + rnd.nextInt(8_000);
                    body = utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
                    mutation = "body:deeply-nested-objects";
                }
                case 4 -> {
                    String first = base.length() > 2 ? base.substring(1, Math.max(1, base.indexOf(':'))) : "\"a\"";
                    body = utf8("{" + first + ":\"" + marker() + "\"," + base.substring(1));
                    mutation = "body:duplicate-keys";
                }
                case 5 -> {
                    body = utf8(withField(JSON.getNodeFactory().numberNode(rnd.nextInt())));
                    mutation = "body:wrong-type-number";
                }
                case 6 -> {
                    body = utf8(withField(JSON.getNodeFactory().booleanNode(true)));
                    mutation = "body:wrong-type-boolean";
                }
                case 7 -> {
                    ObjectNode nested = JSON.createObjectNode();
                    nested.put("x", marker());
                    body = utf8(withField(nested));
                    mutation = "body:wrong-type-object";
                }
                case 8 -> {
                    body = utf8(withField(JSON.getNodeFactory().nullNode()));
                    mutation = "body:null-field";
                }
                case 9 -> {
                    body = utf8("null");
                    mutation = "body:null";
                }
                case 10 -> {
                    body = utf8(withField(JSON.getNodeFactory().textNode("x".repeat(OVERSIZED_BODY))));
                    mutation = "body:huge-string-over-limit";
                }
                case 11 -> {
                    body = utf8(withField(JSON.getNodeFactory().textNode("y".repeat(5_000 + rnd.nextInt(40_000)))));
                    mutation = "body:long-string";
                }
                case 12 -> {
                    body = utf8(withRawField("1e400"));
                    mutation = "body:huge-number";
                }
                case 13 -> {
                    body = utf8(withRawField("-99999999999999999999999999999999"));
                    mutation = "body:huge-negative-integer";
                }
                case 14 -> {
                    String[] tops = {"[]", "\"x\"", "42", "true", "[" + base + "]", "{}"};
                    body = utf8(tops[rnd.nextInt(tops.length)]);
                    mutation = "body:wrong-top-level";
                }
                case 15 -> {
                    body = new byte[0];
                    mutation = "body:empty";
                }
                case 16 -> {
                    byte[] json = utf8(base);
                    body = new byte[json.length + 3];
                    body[0] = (byte) 0xEF;
                    body[1] = (byte) 0xBB;
                    body[2] = (byte) 0xBF;
                    System.arraycopy(json, 0, body, 3, json.length);
                    mutation = "body:bom";
                }
                case 17 -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(utf8("{\"name\":\"a"));
                    out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
                    out.writeBytes(utf8("\",\"credentialId\":\"key_\\u0000\",\"comment\":\"\\ud800\"}"));
                    body = out.toByteArray();
                    mutation = "body:invalid-utf8-and-escapes";
                }
                case 18 -> {
                    body = utf8(withField(JSON.getNodeFactory().textNode(marker())));
                    mutation = "body:marker-in-field";
                }
                case 19 -> {
                    String secret = secret();
                    planted.add(secret);
                    body = utf8(withField(JSON.getNodeFactory().textNode(secret)));
                    mutation = "body:planted-secret-in-field";
                }
                case 20 -> {
                    body = utf8(base + "xyz" + marker());
                    mutation = "body:trailing-garbage";
                }
                case 21 -> {
                    body = utf8("{/* comment */ 'name': NaN, \"x\": Infinity, \"y\": " + marker() + "}");
                    mutation = "body:non-json-literals";
                }
                case 22 -> {
                    String secret = secret();
                    planted.add(secret);
                    body = utf8("{\"name\": " + secret + "}");
                    mutation = "body:planted-secret-as-bare-token";
                }
                default -> {
                    ObjectNode many = JSON.createObjectNode();
                    for (int f = 0; f < 500 + rnd.nextInt(1500); f++) {
                        many.put("f" + f, f);
                    }
                    body = utf8(many.toString());
                    mutation = "body:many-unknown-fields";
                }
            }
        }

        /** The base JSON with one of its fields (or a new one) set to {@code value}. */
        private String withField(com.fasterxml.jackson.databind.JsonNode value) {
            ObjectNode json = baseJson();
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                fields.add(it.next());
            }
            String field =
                    fields.isEmpty() || rnd.nextInt(6) == 0 ? "unexpected" : fields.get(rnd.nextInt(fields.size()));
            if (json.get(field) instanceof ArrayNode && rnd.nextBoolean()) {
                ArrayNode array = JSON.createArrayNode();
                array.add(value);
                json.set(field, array);
            } else {
                json.set(field, value);
            }
            return json.toString();
        }

        private String withRawField(String rawValue) {
            String placeholder = "\"__RAW__\"";
            return withField(JSON.getNodeFactory().textNode("__RAW__")).replace(placeholder, rawValue);
        }

        // ---- form body ------------------------------------------------------------------------

        private void mutateForm() {
            contentType = "application/x-www-form-urlencoded";
            String token = rnd.nextBoolean() ? target.apiKey() : "ww_live_" + random(30);
            String form;
            int pick = rnd.nextInt(16);
            switch (pick) {
                case 0 -> form = "token=%ZZ";
                case 1 -> form = "token=%";
                case 2 -> form = "token=abc%0";
                case 3 -> form = "token=%00";
                case 4 -> form = "token=abc%E0%A4%A";
                case 5 -> {
                    form = "token=" + token + "%ZZ";
                    planted.add(token);
                }
                case 6 -> form = "token";
                case 7 -> form = "=value&&&=";
                case 8 -> form = "token=" + random(10) + "&token=" + random(10);
                case 9 -> form = "token=" + "z".repeat(OVERSIZED_BODY);
                case 10 -> {
                    String secret = secret();
                    planted.add(secret);
                    form = "token=" + random(12) + "&token_type_hint=" + secret;
                }
                case 11 -> form = "token=" + random(12) + "&token_type_hint=" + marker() + "%";
                case 12 -> form = "token=%u0041%uZZZZ";
                case 13 -> form = "{\"token\":\"" + marker() + "\"}";
                case 14 -> form = "token=" + "%41".repeat(5000);
                default -> form = "token=" + marker() + "&token_type_hint=access_token&x=%";
            }
            if (pick == 13) {
                mutation = "form:json-as-form";
            } else {
                mutation = "form:#" + pick + (planted.isEmpty() ? "" : "+planted-secret");
            }
            body = utf8(form);
            if (rnd.nextInt(8) == 0) {
                byte[] raw = new byte[body.length + 3];
                System.arraycopy(body, 0, raw, 0, body.length);
                raw[body.length] = (byte) 0xFF;
                raw[body.length + 1] = (byte) 0xC3;
                raw[body.length + 2] = 0;
                body = raw;
                mutation += "+raw-invalid-bytes";
            }
        }

        // ---- headers --------------------------------------------------------------------------

        private void mutateHeaders() {
            int pick = rnd.nextInt(19);
            switch (pick) {
                case 0 -> {
                    extraHeaders.add("X-Padding: " + "p".repeat(HEAD_LIMIT + rnd.nextInt(30_000)));
                    beforeApplication = true;
                    mutation = "headers:oversized-header";
                }
                case 1 -> {
                    for (int h = 0; h < 600; h++) {
                        extraHeaders.add("X-H" + h + ": " + random(20));
                    }
                    beforeApplication = true;
                    mutation = "headers:too-many";
                }
                case 2 -> {
                    extraHeaders.add("X-Nul: a\u0000b");
                    beforeApplication = true;
                    mutation = "headers:nul-in-value";
                }
                case 3 -> {
                    extraHeaders.add("this line has no colon");
                    beforeApplication = true;
                    mutation = "headers:no-colon";
                }
                case 4 -> {
                    extraHeaders.add(
                            "X-Forwarded-For: 1.2.3.4, %00, ::ffff:999.1.1.1, " + marker() + ", " + "9".repeat(500));
                    mutation = "headers:garbage-forwarded-for";
                }
                case 5 -> {
                    extraHeaders.add("Accept: text/html");
                    mutation = "headers:accept-html";
                }
                case 6 -> {
                    extraHeaders.add("Accept: application/xml");
                    mutation = "headers:accept-xml";
                }
                case 7 -> {
                    extraHeaders.add("Accept: */*;q=garbage, " + marker());
                    mutation = "headers:accept-garbage";
                }
                case 8 -> {
                    hostHeader = false;
                    beforeApplication = true;
                    mutation = "headers:missing-host";
                }
                case 9 -> {
                    contentLength = false;
                    extraHeaders.add("Content-Length: 3");
                    extraHeaders.add("Content-Length: 7");
                    beforeApplication = true;
                    mutation = "headers:conflicting-content-length";
                }
                case 10 -> {
                    contentLength = false;
                    extraHeaders.add("Content-Length: -5");
                    beforeApplication = true;
                    mutation = "headers:negative-content-length";
                }
                case 11 -> {
                    extraHeaders.add("Transfer-Encoding: chunked");
                    beforeApplication = true;
                    mutation = "headers:content-length-and-chunked";
                }
                case 12 -> {
                    String secret = secret();
                    extraHeaders.add("User-Agent: " + secret);
                    extraHeaders.add("Cookie: session=" + secret);
                    mutation = "headers:planted-secret-in-user-agent-and-cookie";
                }
                case 13 -> {
                    extraHeaders.add("X-Request-Id: " + marker() + "\u00ff\u00fe");
                    mutation = "headers:latin1-bytes";
                }
                case 14 -> {
                    extraHeaders.add("Authorization : Bearer x");
                    beforeApplication = true;
                    mutation = "headers:space-before-colon";
                }
                case 15 -> {
                    extraHeaders.add("X-Folded: a");
                    extraHeaders.add(" folded continuation");
                    beforeApplication = true;
                    mutation = "headers:obsolete-line-folding";
                }
                case 16 -> {
                    extraHeaders.add("Accept-Language: " + "de-DE;q=0.".repeat(200));
                    mutation = "headers:long-accept-language";
                }
                case 17 -> {
                    // What the JDK's HttpClient sends on http:// by default: an upgrade to cleartext
                    // HTTP/2, here with an empty body (Vert.x answered it inside HTTP/2 with a 500;
                    // decision 0202). It must be answered as HTTP/1.1, never 101.
                    connection = "Upgrade, HTTP2-Settings";
                    extraHeaders.add("Upgrade: h2c");
                    extraHeaders.add("HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA");
                    body = new byte[0];
                    contentLength = rnd.nextBoolean();
                    mutation = "headers:h2c-upgrade-empty-body";
                }
                default -> {
                    contentType = contentType == null ? "application/json" : contentType;
                    contentType = contentType + "; " + "p=v;".repeat(1000);
                    mutation = "headers:long-content-type";
                }
            }
        }

        // ---- chunked framing ------------------------------------------------------------------

        private void mutateChunked() {
            int pick = rnd.nextInt(5);
            if (body.length == 0) {
                contentType = contentType == null ? "application/json" : contentType;
                body = utf8(baseJson().toString());
            }
            contentLength = false;
            chunked = true;
            switch (pick) {
                case 0 -> mutation = "chunked:well-formed";
                case 1, 2 -> {
                    // The issue's "chunked bodies over the limit": a 413 problem from the service.
                    body = utf8(withField(JSON.getNodeFactory().textNode("c".repeat(OVERSIZED_BODY))));
                    mutation = "chunked:over-body-limit";
                }
                case 3 -> {
                    rawFraming = "zz\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n";
                    beforeApplication = true;
                    mutation = "chunked:bad-chunk-size";
                }
                default -> {
                    rawFraming = Integer.toHexString(body.length) + "\r\n"
                            + new String(body, StandardCharsets.ISO_8859_1) + "\r\n";
                    beforeApplication = true;
                    mutation = "chunked:missing-last-chunk";
                }
            }
        }

        // ---- planted secrets ------------------------------------------------------------------

        private void plantSecret() {
            String secret = secret();
            int pick = rnd.nextInt(5);
            switch (pick) {
                case 0 -> {
                    extraHeaders.add("X-Api-Key: " + secret);
                    mutation = "planted:x-api-key-header";
                }
                case 1 -> {
                    extraHeaders.add("Referer: https://evil.example/?k=" + secret);
                    mutation = "planted:referer";
                }
                case 2 -> {
                    query = "q=" + secret;
                    planted.add(secret);
                    mutation = "planted:query";
                }
                case 3 -> {
                    if (endpoint.body() == Endpoint.Body.FORM) {
                        body = utf8("token=" + secret + "%&token_type_hint=" + secret);
                    } else {
                        contentType = contentType == null ? "application/json" : contentType;
                        body = utf8(withField(JSON.getNodeFactory().textNode(secret + "\u0000" + marker())));
                    }
                    planted.add(secret);
                    mutation = "planted:body";
                }
                default -> {
                    authorization = "Bearer " + secret + " " + secret;
                    credentialValid = false;
                    mutation = "planted:authorization-twice";
                }
            }
        }

        // ---- assembly -------------------------------------------------------------------------

        private HostileRequest assemble() {
            StringBuilder head = new StringBuilder();
            String requestTarget = path + (query.isEmpty() ? "" : "?" + query);
            head.append(method).append(' ').append(requestTarget).append(" HTTP/1.1\r\n");
            if (hostHeader) {
                appendHeader(head, "Host", target.base(endpoint.service()).getAuthority());
            }
            if (authorization != null) {
                appendHeader(head, "Authorization", authorization);
            }
            if (contentType != null) {
                appendHeader(head, "Content-Type", contentType);
            }
            byte[] wire = body;
            if (chunked) {
                appendHeader(head, "Transfer-Encoding", "chunked");
                wire = rawFraming != null ? rawFraming.getBytes(StandardCharsets.ISO_8859_1) : chunk(body);
            } else if (contentLength && (body.length > 0 || !method.equals("GET"))) {
                appendHeader(head, "Content-Length", Integer.toString(body.length));
            }
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            head.append("Connection: ").append(connection).append("\r\n\r\n");
            // UTF-8 for the head, so raw unicode in a path goes out as its UTF-8 bytes.
            byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
            int requestLine = requestTarget.length() + method.length() + 10;
            boolean overLimit = headBytes.length > HEAD_LIMIT || requestLine > REQUEST_LINE_LIMIT;
            return new HostileRequest(
                    index,
                    endpoint,
                    mutation,
                    headBytes,
                    wire,
                    beforeApplication || overLimit,
                    credentialValid,
                    Set.copyOf(planted),
                    Set.copyOf(markers));
        }

        private byte[] chunk(byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int offset = 0; offset < data.length; offset += 4096) {
                int n = Math.min(4096, data.length - offset);
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(data, offset, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        // ---- legitimate values ----------------------------------------------------------------

        private String legitimateId() {
            if (endpoint.template().startsWith("/v1/tenants")) {
                return target.tenantId();
            }
            if (endpoint.template().startsWith("/v1/revocations")) {
                return target.revocationId();
            }
            return target.keyIds().get(rnd.nextInt(target.keyIds().size()));
        }

        private ObjectNode baseJson() {
            ObjectNode json = JSON.createObjectNode();
            String t = endpoint.template();
            switch (endpoint.method() + " " + t) {
                case "POST /v1/tenants" -> {
                    json.put("id", "hx-" + random(8).toLowerCase(java.util.Locale.ROOT));
                    json.put("name", "hostile");
                    json.put("defaultKeyTtl", "P30D");
                    json.put("maxKeyTtl", "P90D");
                    json.putArray("resources").add("orders");
                }
                case "POST /v1/admin-keys" -> {
                    json.put("name", "hostile");
                    json.putArray("scopes").add("keys:read");
                    json.put("ttl", "P1D");
                }
                case "POST /v1/keys" -> {
                    json.put("name", "hostile");
                    json.put("environment", "test");
                    json.putArray("scopes").add("orders:read");
                    json.put("ttl", "P7D");
                    json.putArray("allowedCidrs").add("10.0.0.0/8");
                    json.putObject("metadata").put("team", "hostile");
                }
                case "PATCH /v1/keys/{id}" -> {
                    json.put("name", "renamed");
                    json.putObject("metadata").put("team", "hostile");
                    // Limits and throttles (decisions 0172, 0176) ride along in some requests, so
                    // the hostile mutations of the body also reach their fields.
                    switch (rnd.nextInt(3)) {
                        case 0 -> {
                            ObjectNode limits = json.putObject("limits");
                            limits.put("rateLimit", 100);
                            limits.put("per", "minute");
                            limits.put("burst", 20);
                            limits.put("quotaPerDay", 10_000);
                        }
                        case 1 -> {
                            ObjectNode throttle = json.putObject("throttle");
                            throttle.put("rateLimit", 5);
                            throttle.put("ttl", "PT1H");
                        }
                        default -> {}
                    }
                }
                case "POST /v1/keys/{id}/rotate" -> json.put("gracePeriod", "PT1H");
                case "POST /v1/tokens" -> {
                    json.putArray("scopes").add("orders:read");
                    json.put("audience", "orders-api");
                }
                case "POST /v1/revocations" -> {
                    if (rnd.nextBoolean()) {
                        json.put("credentialId", legitimateId());
                    } else {
                        json.put("jti", "tok_" + random(22));
                    }
                    json.put("reason", "COMPROMISED");
                    json.put("comment", "hostile");
                }
                case "POST /v1/suspensions" -> {
                    json.put("credentialId", legitimateId());
                    json.put("reason", "MANUAL");
                    json.put("comment", "hostile");
                }
                case "POST /v1/suspensions/{id}/reinstate" -> json.put("comment", "hostile");
                case "POST /v1/throttles/{id}/lift" -> json.put("comment", "hostile");
                case "PUT /v1/policy" -> {
                    json.put("dryRun", true);
                    json.put("defaultAction", "NOTIFY");
                    ObjectNode rule = json.putArray("rules").addObject();
                    rule.put("name", "r1");
                    rule.put("minSeverity", "HIGH");
                    rule.putArray("detectors").add("geo");
                    rule.put("action", "NOTIFY");
                    json.putArray("allowlist");
                }
                case "POST /orders" -> {
                    json.put("item", "widget");
                    json.put("quantity", 2);
                }
                default -> json.put("unexpected", "body");
            }
            return json;
        }

        private String baseForm() {
            if (endpoint.template().equals("/v1/introspect")) {
                return "token=" + target.apiKey() + "&token_type_hint=api_key";
            }
            if (endpoint.template().equals("/v1/oauth/token")) {
                // RFC 8693 with the API key as subject token (valid), or client_secret_post with a
                // client id that is not the key's (refused as invalid_client).
                return rnd.nextBoolean()
                        ? "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token="
                                + target.apiKey()
                                + "&subject_token_type=urn%3Awatchword%3Aparams%3Aoauth%3Atoken-type%3Aapi-key"
                                + "&scope=orders%3Aread"
                        : "grant_type=client_credentials&client_id=key_" + random(12) + "&client_secret="
                                + target.apiKey() + "&scope=orders%3Aread";
            }
            // Not a credential of ours: RFC 7009 answers 200 without revoking anything.
            return "token=" + random(32) + "&token_type_hint=access_token";
        }

        private String marker() {
            String marker = "zzMARK" + random(10);
            markers.add(marker);
            return marker;
        }

        private String secret() {
            List<String> secrets = new ArrayList<>(target.secrets().values());
            return secrets.get(rnd.nextInt(secrets.size()));
        }

        private String random(int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(ALPHANUMERIC.charAt(rnd.nextInt(ALPHANUMERIC.length())));
            }
            return s.toString();
        }
    }

    private void appendHeader(StringBuilder head, String name, String value) {
        head.append(name).append(": ").append(value).append("\r\n");
    }

    private static String bearer(String credential) {
        return credential == null ? null : "Bearer " + credential;
    }

    private static String b64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
