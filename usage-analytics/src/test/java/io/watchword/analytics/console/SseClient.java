package io.watchword.analytics.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the live feed as a client would: one {@code event:}/{@code data:} pair per queue entry. */
final class SseClient implements AutoCloseable {

    record Event(String name, String data) {}

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    SseClient(URI stream, String adminKey) {
        HttpRequest request = HttpRequest.newBuilder(stream)
                .header("Authorization", "Bearer " + adminKey)
                .header("Accept", "text/event-stream")
                .build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            lines = r.body();
            String[] name = {"message"};
            try {
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(name[0], line.substring(5).trim()));
                        name[0] = "message";
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    /** The next event named {@code name} whose data contains {@code text}, or null after {@code timeout}. */
    Event await(String name, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e != null && e.name().equals(name) && (text == null || e.data().contains(text))) {
                return e;
            }
        }
        return null;
    }

    /** Whether any event so far (or within {@code window}) contains {@code text}. */
    boolean seesWithin(String text, Duration window) throws InterruptedException {
        return await("alert", text, window) != null;
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
    }
}
