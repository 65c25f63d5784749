package io.watchword.analytics.alert;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the live feed carries: a new alert, or a change of one (a triage action, a policy decision).
 * In-process: each instance tells its own subscribers what it stored or changed (decision 0157).
 */
@ApplicationScoped
public class AlertFeed {

    /** One feed item: {@code type} is {@code alert} (new) or {@code update}. */
    public record FeedItem(String type, AlertSummary alert) {}

    // Serialized: the alert and decision consumers and the triage endpoints emit from different threads.
    private final SerializedProcessor<FeedItem, FeedItem> processor =
            BroadcastProcessor.<FeedItem>create().serialized();

    public void published(Alert alert) {
        processor.onNext(new FeedItem("alert", AlertSummary.of(alert)));
    }

    public void changed(Alert alert) {
        processor.onNext(new FeedItem("update", AlertSummary.of(alert)));
    }

    public void changed(AlertSummary alert) {
        processor.onNext(new FeedItem("update", alert));
    }

    public Multi<FeedItem> items() {
        return Multi.createFrom().publisher(processor);
    }
}
