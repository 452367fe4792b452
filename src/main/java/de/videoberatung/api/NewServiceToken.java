package de.videoberatung.api;

/**
 * Answer to {@code POST /api/v1/admin/service-tokens}: the bearer token, shown this once (only its hash is
 * stored).
 */
public record NewServiceToken(long id, String name, String token) {

    @Override
    public String toString() {
        return "NewServiceToken[id=" + id + ", name=" + name + "]";
    }
}
