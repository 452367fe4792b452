package de.videoberatung.queue;

import de.videoberatung.api.ImportResult;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Importieren…": one calendar or CSV file sent to the server and its answer for the view: how many appointments
 * were created and changed, and each rejected entry with where and why (in German). A file with rejected entries
 * is imported all or nothing; {@link #importValidEntries()} then imports the valid ones. An advisor imports their
 * own appointments at once; a team lead or an admin first picks the advisor the file is for
 * ({@link #choosesAdvisor()}), then {@link #start()}s it.
 */
public final class AppointmentImportModel {

    /** Sends a file to the server for {@code advisorId} (null: the caller) in the background. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<ImportResult> send(Path file, Long advisorId, boolean partial);
    }

    private final Sender sender;
    private final Messages messages;
    private final Executor fxThread;
    private final boolean choosesAdvisor;
    private Path file;

    private final ObservableList<UserInfo> advisors = FXCollections.observableArrayList();
    private final ObjectProperty<UserInfo> advisor = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<String> rejected = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty offersValidOnly = new SimpleBooleanProperty();
    private final BooleanProperty started = new SimpleBooleanProperty();

    /** The signed-in advisor's own import. */
    public AppointmentImportModel(Sender sender, Messages messages, Executor fxThread) {
        this(sender, messages, fxThread, null, null);
    }

    /**
     * An import for an advisor picked from {@code choices} (a team lead's team, an admin's advisors).
     *
     * @param preferred the advisor picked at first if among the choices (e.g. the selected user), or null
     */
    public AppointmentImportModel(Sender sender, Messages messages, Executor fxThread,
                                  CompletionStage<List<UserInfo>> choices, Long preferred) {
        this.sender = sender;
        this.messages = messages;
        this.fxThread = fxThread;
        this.choosesAdvisor = choices != null;
        if (choices != null) {
            choices.whenComplete((list, failure) -> fxThread.execute(() -> {
                if (failure != null) {
                    summary.set(messages.describe(failure));
                    return;
                }
                advisors.setAll(list);
                advisor.set(list.stream().filter(u -> preferred != null && u.id() == preferred).findFirst()
                        .orElse(list.isEmpty() ? null : list.get(0)));
            }));
        }
    }

    public boolean choosesAdvisor() {
        return choosesAdvisor;
    }

    /**
     * The file the user chose: an advisor's own import is sent at once (all or nothing); an import for another
     * advisor waits for the pick and {@link #start()}.
     */
    public CompletableFuture<ImportResult> importFile(Path chosen) {
        file = chosen;
        if (choosesAdvisor) {
            summary.set(messages.get("import.forWhom", chosen.getFileName().toString()));
            return CompletableFuture.completedFuture(null);
        }
        return send(false);
    }

    /** "Importieren" after the advisor is picked. */
    public CompletableFuture<ImportResult> start() {
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (choosesAdvisor && advisor.get() == null) {
            summary.set(messages.get("import.noAdvisor"));
            return CompletableFuture.completedFuture(null);
        }
        return send(false);
    }

    /** Sends the file again, importing its valid entries and leaving the rejected ones out. */
    public CompletableFuture<ImportResult> importValidEntries() {
        return send(true);
    }

    private CompletableFuture<ImportResult> send(boolean partial) {
        busy.set(true);
        started.set(true);
        offersValidOnly.set(false);
        summary.set(messages.get("import.running", file.getFileName().toString()));
        rejected.clear();
        Long advisorId = choosesAdvisor ? advisor.get().id() : null;
        return sender.send(file, advisorId, partial).whenComplete((result, failure) -> fxThread.execute(() -> {
            busy.set(false);
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                summary.set(cause instanceof IOException ? messages.get("import.unreadable")
                        : messages.describe(failure));
                return;
            }
            show(result);
        }));
    }

    private void show(ImportResult result) {
        String done = result.applied()
                ? messages.get("import.done", result.created(), result.updated(), result.rejected().size())
                : messages.get("import.nothing", result.rejected().size());
        summary.set(choosesAdvisor ? messages.get("import.forAdvisor", advisor.get().displayName(), done) : done);
        offersValidOnly.set(!result.applied());
        for (ImportResult.Rejected r : result.rejected()) {
            rejected.add(messages.get("import.rejected", r.where(), AppointmentFormModel.codeText(messages, r.code())));
        }
    }

    /** The advisors to pick from (empty unless {@link #choosesAdvisor()}). */
    public ObservableList<UserInfo> advisors() {
        return advisors;
    }

    public ObjectProperty<UserInfo> advisorProperty() {
        return advisor;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "Zeile 4: Die Kundennummer ..." per rejected entry. */
    public ObservableList<String> rejected() {
        return rejected;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True once the file went to the server: the advisor can no longer be changed for it. */
    public ReadOnlyBooleanProperty startedProperty() {
        return started;
    }

    /** The file had rejected entries and nothing was imported: the valid ones can be imported on their own. */
    public ReadOnlyBooleanProperty offersValidOnlyProperty() {
        return offersValidOnly;
    }
}
