package de.videoberatung.queue;

import de.videoberatung.api.ImportResult;
import de.videoberatung.i18n.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Importieren…": one calendar or CSV file sent to the server and its answer for the view: how many appointments
 * were created and changed, and each rejected entry with where and why (in German). A file with rejected entries
 * is imported all or nothing; {@link #importValidEntries()} then imports the valid ones.
 */
public final class AppointmentImportModel {

    private final QueueService service;
    private final Messages messages;
    private final Executor fxThread;
    private Path file;

    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObservableList<String> rejected = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty offersValidOnly = new SimpleBooleanProperty();

    public AppointmentImportModel(QueueService service, Messages messages, Executor fxThread) {
        this.service = service;
        this.messages = messages;
        this.fxThread = fxThread;
    }

    /** Sends {@code chosen} (all or nothing). */
    public CompletableFuture<ImportResult> importFile(Path chosen) {
        file = chosen;
        return send(false);
    }

    /** Sends the file again, importing its valid entries and leaving the rejected ones out. */
    public CompletableFuture<ImportResult> importValidEntries() {
        return send(true);
    }

    private CompletableFuture<ImportResult> send(boolean partial) {
        busy.set(true);
        offersValidOnly.set(false);
        summary.set(messages.get("import.running", file.getFileName().toString()));
        rejected.clear();
        return service.importFile(file, null, partial).whenComplete((result, failure) -> fxThread.execute(() -> {
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
        if (result.applied()) {
            summary.set(messages.get("import.done", result.created(), result.updated(), result.rejected().size()));
        } else {
            summary.set(messages.get("import.nothing", result.rejected().size()));
            offersValidOnly.set(true);
        }
        for (ImportResult.Rejected r : result.rejected()) {
            rejected.add(messages.get("import.rejected", r.where(), AppointmentFormModel.codeText(messages, r.code())));
        }
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

    /** The file had rejected entries and nothing was imported: the valid ones can be imported on their own. */
    public ReadOnlyBooleanProperty offersValidOnlyProperty() {
        return offersValidOnly;
    }
}
