package io.watchword.deploy.hostile;

/** What the oracle holds against an answer; the report groups by endpoint and class. */
public enum FailureClass {
    SERVER_ERROR("5xx"),
    NOT_PROBLEM_JSON("non-problem"),
    WRONG_STATUS_FIELD("wrong status field"),
    SECRET_ECHOED("secret echoed"),
    INPUT_ECHOED("raw input echoed"),
    HTML_OR_STACK_TRACE("html or stack trace"),
    ACCEPTED_WITHOUT_CREDENTIAL("accepted without a valid credential"),
    SWITCHED_PROTOCOLS("switched protocols (101)"),
    NO_ANSWER("no answer");

    private final String label;

    FailureClass(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
