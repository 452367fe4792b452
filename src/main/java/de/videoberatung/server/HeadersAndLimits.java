package de.videoberatung.server;

import io.javalin.http.Context;
import de.videoberatung.api.ApiError;
import de.videoberatung.api.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpInput;
import org.eclipse.jetty.server.Request;

/**
 * The one place for what every answer carries and what every request may be: the security headers, and the
 * body limit, which holds for chunked bodies too (Javalin checks only {@code Content-Length}, and read a
 * chunked body fully into memory). Runs before every handler, so refusals and errors carry the headers as well.
 */
final class HeadersAndLimits {

    /**
     * The join page loads its script and style as files from {@code /web/}: nothing inline, nothing from
     * elsewhere; media come from the camera (mediastream:) and the call's WebRTC streams.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    static final String PERMISSIONS = "camera=(self), microphone=(self), display-capture=(), geolocation=(), "
            + "payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";
    static final String HSTS = "max-age=31536000";
    private static final String OVER_LIMIT = "body-over-limit";

    private final long maxBodyBytes;

    HeadersAndLimits(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * What every answer carries (HSTS aside, which only HTTPS answers get); also Jetty's own refusals
     * ({@link JettyErrors}). Personal by default (API answers, the join page with its token): the static assets
     * relax {@code Cache-Control}.
     */
    static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Permissions-Policy", PERMISSIONS);
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cache-Control", "no-store");
        return Collections.unmodifiableMap(h);
    }

    void before(Context ctx) {
        HEADERS.forEach(ctx::header);
        if (ctx.req().isSecure()) {
            ctx.header("Strict-Transport-Security", HSTS);
        }
        limitBody(ctx);
    }

    private void limitBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            answerTooLarge(ctx);
            return;
        }
        if (declared < 0) {
            // Chunked (or unknown length): count while the handler reads, stop at the limit.
            HttpInput input = Request.getBaseRequest(ctx.req()).getHttpInput();
            long[] seen = {0};
            input.addInterceptor(content -> {
                if (content != null && !content.isSpecial()) {
                    seen[0] += content.remaining();
                    if (seen[0] > maxBodyBytes) {
                        ctx.attribute(OVER_LIMIT, Boolean.TRUE);
                                        throw new BadMessageException(413, "body too large");
                    }
                }
                return content;
            });
        }
    }

    /** Whether a failure came from a body over the limit (the handler's read was stopped). */
    static boolean overLimit(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(OVER_LIMIT));
    }

    /**
     * Answers 413 at once and closes the connection shortly after: the rest of the body is not read. Written and
     * flushed here, because Jetty, finishing a response normally, first reads (and discards) whatever the client
     * is still sending, for as long as it sends; {@code Connection: close} alone does not stop that.
     */
    static void answerTooLarge(Context ctx) {
        HttpServletResponse res = ctx.res();
        try {
            byte[] body = Json.mapper().writeValueAsBytes(new ApiError("BODY_TOO_LARGE", "Request body too large"));
            res.setStatus(413);
            res.setHeader("Connection", "close");
            res.setContentType("application/json");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            res.flushBuffer();
        } catch (IOException e) {
            // the client is gone already
        }
        HttpChannel channel = Request.getBaseRequest(ctx.req()).getHttpChannel();
        EndPoint endPoint = channel.getEndPoint();
        // A moment for the answer to reach the client before the socket goes.
        channel.getScheduler().schedule(endPoint::close, 200, TimeUnit.MILLISECONDS);
        ctx.skipRemainingHandlers();
    }
}
