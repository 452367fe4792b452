package de.videoberatung.server;

import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The note sync endpoints under {@code /api/v1/notes}; the rules live in {@link NoteService}. */
final class NotesEndpoints {

    private final NoteService service;

    NotesEndpoints(NoteService service) {
        this.service = service;
    }

    void register(Javalin app) {
        app.post("/api/v1/notes/push", ctx -> ctx.json(service.push(ConsultationServer.account(ctx), ConsultationServer.body(ctx, NotePush.class))),
                ConsultationServer.Access.SIGNED_IN);
        app.get("/api/v1/notes/pull", ctx -> ctx.json(service.pull(ConsultationServer.account(ctx),
                number(ctx, "since", 0, 0, Long.MAX_VALUE),
                (int) number(ctx, "limit", NotePage.DEFAULT_LIMIT, 1, NotePage.MAX_LIMIT), from(ctx))),
                ConsultationServer.Access.SIGNED_IN);
        app.get("/api/v1/notes/{id}/history", ctx -> ctx.json(service.history(ConsultationServer.account(ctx),
                ctx.pathParam("id"))), ConsultationServer.Access.SIGNED_IN);
    }

    /** {@code from=YYYY-MM-DD}: only the notes the days from then on need (absent: all). */
    private static LocalDate from(Context ctx) {
        String value = ctx.queryParam("from");
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("INVALID_DATE", "Query parameter 'from' must be a date (YYYY-MM-DD)");
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
        throw ApiProblem.badRequest("INVALID_" + name.toUpperCase(Locale.ROOT),
                "Query parameter '" + name + "' must be a number from " + min + " to " + max);
    }
}
