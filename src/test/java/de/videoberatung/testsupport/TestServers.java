package de.videoberatung.testsupport;

import java.net.URI;

/** What tests give a server started without demo data. */
public final class TestServers {

    /**
     * The public URL a server outside demo mode must have (https, docs/security.md). Nothing listens there:
     * tests reach the server at its bound address and read links relative to this.
     */
    public static final URI PUBLIC_URL = URI.create("https://beratung.example.test/");

    private TestServers() {
    }
}
