package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import de.videoberatung.api.Json;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.LocalDate;

/** The note sync endpoints under {@code /api/v1/notes}; the rules live in {@link NoteService}. */
final class NotesEndpoints {

    private final NoteService service;

    NotesEndpoints(NoteService service) {
        this.service = service;
    }

    void register(Javalin app) {
        app.post("/api/v1/notes/push", ctx -> ctx.json(service.push(ConsultationServer.account(ctx), push(ctx))),
                ConsultationServer.Access.SIGNED_IN);
        app.get("/api/v1/notes/pull", ctx -> ctx.json(service.pull(ConsultationServer.account(ctx),
                number(ctx, "since", 0, 0, Long.MAX_VALUE),
                (int) number(ctx, "limit", NotePage.DEFAULT_LIMIT, 1, NotePage.MAX_LIMIT))),
                ConsultationServer.Access.SIGNED_IN);
        app.get("/api/v1/notes/{id}/history", ctx -> ctx.json(service.history(ConsultationServer.account(ctx),
                ctx.pathParam("id"))), ConsultationServer.Access.SIGNED_IN);
    }

    /** Parses a push; a malformed date gets its own code, so the app can say what is wrong. */
    private static NotePush push(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        try {
            NotePush push = bytes.length == 0 ? null : Json.mapper().readValue(bytes, NotePush.class);
            if (push == null) {
                throw ApiProblem.badRequest("INVALID_BODY", "Request body missing");
            }
            return push;
        } catch (InvalidFormatException e) {
            if (e.getTargetType() == LocalDate.class) {
                throw ApiProblem.badRequest("INVALID_DATE", "Not a date (YYYY-MM-DD): " + e.getValue());
            }
            throw ApiProblem.badRequest("INVALID_BODY", "Unexpected content in field " + e.getPathReference());
        } catch (MismatchedInputException e) {
            throw ApiProblem.badRequest("INVALID_BODY", "Unexpected content in field " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("MALFORMED_JSON", "Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiProblem.badRequest("INVALID_BODY", "Request body unreadable");
        }
    }

    private static long number(Context ctx, String name, long fallback, long min, long max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Answered below with the contract's error.
        }
        throw ApiProblem.badRequest("INVALID_" + name.toUpperCase(java.util.Locale.ROOT),
                "Query parameter '" + name + "' must be a number from " + min + " to " + max);
    }
}
