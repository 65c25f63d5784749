package io.watchword.kit.problem;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A JSON body that is empty or the literal {@code null} is a 400, not a null argument that a
 * resource later dereferences (a 500). Endpoints whose body is optional read it as a String or
 * bytes and are left alone.
 */
@Provider
public class RequiredBodyInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object value = context.proceed();
        MediaType media = context.getMediaType();
        Class<?> type = context.getType();
        boolean json = media != null
                && (media.getSubtype().equals("json") || media.getSubtype().endsWith("+json"));
        if (json
                && (value == null || value instanceof JsonNode node && node.isNull())
                && type != String.class
                && type != byte[].class
                && !java.io.InputStream.class.isAssignableFrom(type)) {
            throw new ProblemException(
                    ProblemType.MALFORMED_JSON, "The body is empty or null; send a JSON object.", List.of(), Map.of());
        }
        return value;
    }
}
