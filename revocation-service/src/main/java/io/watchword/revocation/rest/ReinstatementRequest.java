package io.watchword.revocation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.problem.JsonErrors;
import java.util.List;

/**
 * Optional body of an operator's undo (reinstating a suspension, lifting a throttle): why the
 * measure is lifted.
 */
public record ReinstatementRequest(String comment) {

    /**
     * The comment of an optional {@code {"comment": "…"}} body: none for an empty body or a literal
     * {@code null}; a problem (400) for malformed JSON or a comment over {@link
     * RevocationResource#MAX_COMMENT} characters.
     */
    static String commentOf(ObjectMapper mapper, String rawBody) {
        if (rawBody == null || rawBody.isBlank()) {
            return null;
        }
        ReinstatementRequest parsed;
        try {
            parsed = mapper.readValue(rawBody, ReinstatementRequest.class);
        } catch (JsonProcessingException e) {
            // In the kit's words: Jackson's message would quote the body.
            throw JsonErrors.toProblem(e);
        }
        String comment = parsed == null ? null : parsed.comment();
        if (comment != null && comment.length() > RevocationResource.MAX_COMMENT) {
            throw ProblemException.badRequest(
                    "The comment is too long.",
                    List.of(new FieldError("comment", "at most " + RevocationResource.MAX_COMMENT + " characters")));
        }
        return comment;
    }
}
