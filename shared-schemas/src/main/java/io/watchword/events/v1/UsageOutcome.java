package io.watchword.events.v1;

/** Whether the verifier let a request through; an absent outcome means ACCEPTED. */
public enum UsageOutcome {
    ACCEPTED,
    REFUSED
}
