package io.watchword.deploy.hostile;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts of a hostile HTTP run: answers per status, failures per class, and per endpoint × class
 * the number and one example request with its answer (secrets masked), for a summary a person can
 * act on.
 */
public final class HttpAttackReport {

    /** One endpoint × failure class: how many, and the first example. */
    public static final class Group {
        int count;
        String request;
        String response;
        int index;
        String mutation;
    }

    private final long seed;
    private final ResponseOracle oracle;
    private final Map<String, String> secrets;
    private int requests;
    private int beforeApplication;
    private int closedWithoutAnswer;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<FailureClass, Integer> perClass = new EnumMap<>(FailureClass.class);
    private final Map<String, Integer> perEndpoint = new TreeMap<>();
    private final Map<String, Map<FailureClass, Group>> groups = new TreeMap<>();

    public HttpAttackReport(long seed, ResponseOracle oracle, Map<String, String> secrets) {
        this.seed = seed;
        this.oracle = oracle;
        this.secrets = Map.copyOf(secrets);
        for (FailureClass c : FailureClass.values()) {
            perClass.put(c, 0);
        }
    }

    public synchronized void record(HostileRequest request, RawHttp.Response response, Set<FailureClass> failures) {
        requests++;
        if (request.beforeApplication()) {
            beforeApplication++;
        }
        if (response.status() == 0) {
            closedWithoutAnswer++;
        }
        statuses.merge(response.status(), 1, Integer::sum);
        String label = request.endpoint().label();
        perEndpoint.merge(label, 1, Integer::sum);
        for (FailureClass failure : failures) {
            perClass.merge(failure, 1, Integer::sum);
            Group group = groups.computeIfAbsent(label, l -> new LinkedHashMap<>())
                    .computeIfAbsent(failure, f -> new Group());
            if (group.count++ == 0) {
                group.index = request.index();
                group.mutation = request.mutation();
                group.request = request.describe(secrets, 400);
                group.response = oracle.describe(response, 300);
            }
        }
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized int failures(FailureClass failure) {
        return perClass.get(failure);
    }

    public synchronized int totalFailures() {
        return perClass.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized Map<FailureClass, Integer> perClass() {
        return new EnumMap<>(perClass);
    }

    public synchronized Map<String, Integer> perEndpoint() {
        return new TreeMap<>(perEndpoint);
    }

    public synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append("Hostile HTTP requests: ")
                .append(requests)
                .append(" over ")
                .append(perEndpoint.size())
                .append(" endpoints, seed ")
                .append(seed)
                .append(" (replay: -Dwatchword.hostile.seed=")
                .append(seed)
                .append(")\n");
        out.append("  answered before application code could run (allowed a bare answer): ")
                .append(beforeApplication)
                .append("; closed without an answer: ")
                .append(closedWithoutAnswer)
                .append('\n');
        out.append("  statuses: ").append(statuses).append('\n');
        out.append("  failures per class:");
        perClass.forEach((c, n) ->
                out.append(' ').append(c.label()).append('=').append(n).append(';'));
        out.append('\n');
        if (groups.isEmpty()) {
            out.append("  no failures\n");
            return out.toString();
        }
        out.append("  per endpoint × class (count, first example):\n");
        groups.forEach((endpoint, classes) -> classes.forEach((failure, group) -> out.append("  - ")
                .append(endpoint)
                .append(" × ")
                .append(failure.label())
                .append(": ")
                .append(group.count)
                .append("  [#")
                .append(group.index)
                .append(' ')
                .append(group.mutation)
                .append("]\n      request:  ")
                .append(group.request)
                .append("\n      answer:   ")
                .append(group.response)
                .append('\n')));
        return out.toString();
    }
}
