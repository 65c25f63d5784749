package io.watchword.events.v1;

/** What a tenant's response policy did about an alert. */
public enum ResponseAction {
    NONE,
    NOTIFY,
    SUSPEND,
    REVOKE
}
