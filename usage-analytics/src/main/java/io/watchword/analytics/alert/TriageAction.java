package io.watchword.analytics.alert;

/** What an analyst did to an alert. */
public enum TriageAction {
    ACKNOWLEDGE,
    FALSE_POSITIVE,
    NOTE
}
