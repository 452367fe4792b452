package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.ApiError;
import de.videoberatung.api.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The answers Jetty gives by itself, before or outside Javalin's routes: a request it cannot parse (a {@code %00}
 * or an ambiguous {@code %2F} in the path: 400; headers or URI too long: 431/414) or a WebSocket path without a
 * handler. Jetty's own are HTML pages; these are the contract's {@code {"error","message"}} with the headers every
 * answer carries ({@link HeadersAndLimits#HEADERS}), so a client (and IT's monitoring) sees one shape everywhere.
 */
final class JettyErrors extends ErrorHandler {

    JettyErrors() {
        setShowServlet(false);
        setShowStacks(false);
    }

    /** Jetty could not read the request: the answer is written before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        HeadersAndLimits.HEADERS.forEach(fields::put);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** {@code sendError} from Jetty's side of the servlet (e.g. a WebSocket upgrade to a path without a socket). */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        HeadersAndLimits.HEADERS.forEach(response::setHeader);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code, message));
    }

    private static byte[] body(int status, String reason) {
        // Jetty's reasons are its own fixed texts ("Ambiguous URI path separator"), never the request's content.
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        try {
            return Json.mapper().writeValueAsBytes(new ApiError(ConsultationServer.codeFor(status),
                    message.length() > 200 ? message.substring(0, 200) : message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
