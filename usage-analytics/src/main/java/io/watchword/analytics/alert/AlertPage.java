package io.watchword.analytics.alert;

import java.util.List;

/** A page of alerts and the cursor of the next (older) page, null when there is none. */
public record AlertPage(List<AlertSummary> items, String next) {}
