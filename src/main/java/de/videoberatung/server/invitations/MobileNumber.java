package de.videoberatung.server.invitations;

import java.util.Optional;
import java.util.regex.Pattern;

/** Which phone numbers get an SMS: German mobile numbers (015x, 016x, 017x) and numbers abroad, in E.164. */
final class MobileNumber {

    private static final Pattern GERMAN_MOBILE = Pattern.compile("\\+491[567]\\d{7,10}");
    private static final Pattern INTERNATIONAL = Pattern.compile("\\+[1-9]\\d{7,14}");

    private MobileNumber() {
    }

    /** The number in E.164 ({@code +491701234567}) if an SMS can reach it; a German landline gets none. */
    static Optional<String> e164(String phone) {
        if (phone == null) {
            return Optional.empty();
        }
        String n = phone.replaceAll("[\\s/()\\-.]", "");
        if (n.startsWith("00")) {
            n = "+" + n.substring(2);
        } else if (n.startsWith("0")) {
            n = "+49" + n.substring(1);
        }
        if (n.startsWith("+49")) {
            return GERMAN_MOBILE.matcher(n).matches() ? Optional.of(n) : Optional.empty();
        }
        return INTERNATIONAL.matcher(n).matches() ? Optional.of(n) : Optional.empty();
    }
}
