package io.watchword.events.v1;

/** Whether the verifier let a request through. An absent outcome means {@link #ACCEPTED}. */
public enum UsageOutcome {
    ACCEPTED,
    REFUSED
}
