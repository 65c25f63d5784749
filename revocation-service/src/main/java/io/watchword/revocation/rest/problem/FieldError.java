package io.watchword.revocation.rest.problem;

/** One invalid field of a request: where it is ({@code rules[0].action}) and what is wrong. */
public record FieldError(String field, String message) {}
