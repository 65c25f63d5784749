package io.watchword.detector.scenario;

/** What the ground truth says about a credential over the scenario's window. */
public enum LabelKind {
    /** Only its owner used it (background changes such as upgrades or rotations included). */
    BENIGN,
    /** Misused from {@code firstMaliciousAt}. */
    COMPROMISE,
    /** A benign change that resembles misuse, from {@code changeAt}. */
    LOOK_ALIKE
}
