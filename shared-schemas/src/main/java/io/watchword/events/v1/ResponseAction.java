package io.watchword.events.v1;

/** What a tenant's response policy did about an alert. */
public enum ResponseAction {
    NONE,
    NOTIFY,
    /**
     * Cut the key's rate limit for a while (between notify and suspend): the key keeps working,
     * slowly, until the throttle expires or is lifted.
     */
    THROTTLE,
    SUSPEND,
    REVOKE
}
