package de.videoberatung.server;

import java.util.Optional;

/**
 * Who a user name and password belong to: a local account checks its own password hash; a user without one is
 * asked of the directory when {@code ldap.url} is set. Local accounts keep working beside the directory.
 */
final class SignIn {

    private final AccountStore accounts;
    private final PasswordHasher hasher;
    private final DirectorySignIn directory;
    /** Compared when there is no local hash to check, so an unknown name costs what a known one costs. */
    private final String dummyHash;

    /**
     * @param directory null without {@code ldap.url}
     * @param dummySecret a random value, hashed once as the stand-in for unknown users
     */
    SignIn(AccountStore accounts, PasswordHasher hasher, DirectorySignIn directory, String dummySecret) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.directory = directory;
        this.dummyHash = hasher.hash(dummySecret);
    }

    /**
     * The account, if the password is right.
     *
     * @throws ApiProblem 401 {@code BAD_CREDENTIALS} for an unknown user or a wrong password, 403
     *                    {@code ACCOUNT_DISABLED} for a disabled account with the right password
     */
    Account authenticate(String username, String password) {
        Optional<Account> local = accounts.byUsername(username);
        Optional<Account> account;
        if (local.isPresent() && !local.get().directory() && local.get().passwordHash() != null) {
            String stored = local.get().passwordHash();
            account = local.filter(a -> hasher.matches(password, stored));
            if (account.isPresent() && hasher.needsRehash(stored)) {
                // An older, cheaper hash is upgraded while the password is at hand.
                accounts.replacePasswordHash(account.get().id(), hasher.hash(password));
            }
        } else if (directory != null && local.map(a -> !a.isService()).orElse(true)) {
            account = directory.signIn(username, password);
        } else {
            // Neither the answer nor its time may tell an unknown name from a wrong password.
            hasher.matches(password, dummyHash);
            account = Optional.empty();
        }
        Account signedIn = account.orElseThrow(() -> new ApiProblem(401, "BAD_CREDENTIALS",
                "Unknown user or wrong password"));
        if (signedIn.disabled()) {
            throw new ApiProblem(403, "ACCOUNT_DISABLED", "This account is disabled");
        }
        return signedIn;
    }

    /** Whether {@code password} is the local password of {@code account} (a password change checks the old one). */
    boolean matches(Account account, String password) {
        return !account.directory() && hasher.matches(password, account.passwordHash());
    }
}
