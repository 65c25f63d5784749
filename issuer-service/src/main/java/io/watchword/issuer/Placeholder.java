package io.watchword.issuer;

final class Placeholder {
    private Placeholder() {}
}
