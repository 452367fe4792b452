package de.videoberatung.server;

import static de.videoberatung.server.ConsultationServer.account;
import static de.videoberatung.server.ConsultationServer.body;

import de.videoberatung.api.NameRequest;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.UserChange;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The user administration under {@code /api/v1/admin} (ADMIN only: {@link ConsultationServer.Access#ADMIN});
 * the rules live in {@link AdminService}. Listed in docs/accounts.md.
 */
final class AdminEndpoints {

    private static final ConsultationServer.Access ADMIN = ConsultationServer.Access.ADMIN;

    private final AdminService service;

    AdminEndpoints(AdminService service) {
        this.service = service;
    }

    void register(Javalin app) {
        app.get("/api/v1/admin/users", ctx -> ctx.json(service.users()), ADMIN);
        app.post("/api/v1/admin/users", ctx -> ctx.status(201).json(service.addUser(body(ctx, NewUser.class))),
                ADMIN);
        app.patch("/api/v1/admin/users/{id}", ctx -> ctx.json(service.change(account(ctx), id(ctx),
                body(ctx, UserChange.class))), ADMIN);
        app.post("/api/v1/admin/users/{id}/disable", ctx -> ctx.json(service.disable(account(ctx), id(ctx))), ADMIN);
        app.post("/api/v1/admin/users/{id}/enable", ctx -> ctx.json(service.enable(id(ctx))), ADMIN);
        app.post("/api/v1/admin/users/{id}/reset-password", ctx -> ctx.json(service.resetPassword(id(ctx))),
                ADMIN);
        app.get("/api/v1/admin/teams", ctx -> ctx.json(service.teams()), ADMIN);
        app.post("/api/v1/admin/teams", ctx -> ctx.status(201).json(service.addTeam(
                body(ctx, NameRequest.class).name())), ADMIN);
        app.get("/api/v1/admin/service-tokens", ctx -> ctx.json(service.serviceTokens()), ADMIN);
        app.post("/api/v1/admin/service-tokens", ctx -> ctx.status(201).json(service.addServiceToken(account(ctx),
                body(ctx, NameRequest.class).name())), ADMIN);
        app.delete("/api/v1/admin/service-tokens/{id}", ctx -> {
            service.revokeServiceToken(id(ctx));
            ctx.status(204);
        }, ADMIN);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("NOT_FOUND", "No such entry: " + ctx.pathParam("id"));
        }
    }
}
