package de.videoberatung.app;

import de.videoberatung.queue.QueueService;
import de.videoberatung.teamlead.TeamDayView;
import de.videoberatung.teamlead.TeamModel;
import java.time.Instant;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;
import javafx.scene.Parent;

/** A team lead's session: the team's day, without note text or calls of their own. */
public final class TeamLeadSession extends Session {

    private final QueueService queueService;
    private final TeamModel team;
    private TeamDayView view;

    TeamLeadSession(Base base, QueueService queueService, TeamModel team) {
        super(base);
        this.queueService = queueService;
        this.team = team;
    }

    @Override
    void startRole() {
        team.start();
    }

    public TeamModel team() {
        return team;
    }

    @Override
    public synchronized Parent content() {
        if (view == null) {
            view = new TeamDayView(team);
        }
        return view;
    }

    @Override
    public ObservableList<?> shownRows() {
        return team.shownRows();
    }

    @Override
    public ReadOnlyObjectProperty<Instant> savedAtProperty() {
        return team.savedAtProperty();
    }

    @Override
    QueueService queueService() {
        return queueService;
    }

    @Override
    void closeRoleWindows() {
        // The team's day opens no windows of its own.
    }

    @Override
    void drainRole() {
        // Its export runs on queue-io, which every session drains.
    }
}
