package io.watchword.example.rest;

import io.watchword.client.jaxrs.WatchwordProblemMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Opts in to the client library's problem+json answers for every error (malformed JSON, 404, 405,
 * 406, 415, 500); see also {@link BodyLimit} for 413.
 */
@Provider
public class ProblemMapper extends WatchwordProblemMapper {}
