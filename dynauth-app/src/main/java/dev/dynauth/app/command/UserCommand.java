package dev.dynauth.app.command;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.Identifiers;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.Store;
import java.util.Optional;

/**
 * A command on one user, named by id or email: opens the table, finds the user (a missing one is the
 * command's error) and hands it to {@link #run}. Subclasses declare the parameter, with their own label.
 */
abstract class UserCommand extends StoreCommand {

    /** The id or email the user gave. */
    abstract String userArgument();

    /** Does the work on a user that exists; returns the exit code. */
    abstract int run(DynamoDbAdapter adapter, AdapterUser user);

    @Override
    public Integer call() {
        try (Store store = openTable()) {
            DynamoDbAdapter adapter = store.adapter();
            return run(adapter, requireUser(adapter, userArgument()));
        }
    }

    /**
     * The user with this id or, when the argument has an '@', this email: normalised as Auth.js
     * normalises emails, else exactly as given (users written with an email Auth.js would not produce).
     */
    static AdapterUser requireUser(DynamoDbAdapter adapter, String idOrEmail) {
        Optional<AdapterUser> user = adapter.getUser(idOrEmail);
        if (user.isEmpty() && idOrEmail.contains("@")) {
            user = normalizedEmail(idOrEmail).flatMap(adapter::getUserByEmail)
                    .or(() -> adapter.getUserByEmail(idOrEmail));
        }
        return user.orElseThrow(() -> new CliException(
                "no user with " + (idOrEmail.contains("@") ? "id or email '" : "id '") + idOrEmail + "'"));
    }

    private static Optional<String> normalizedEmail(String email) {
        try {
            return Optional.of(Identifiers.normalizeEmail(email));
        } catch (IllegalArgumentException notAnEmail) {
            return Optional.empty();
        }
    }
}
