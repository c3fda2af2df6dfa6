package nz.tiaki.apps;

import java.time.Instant;
import java.util.Set;

/**
 * An app a person has approved.
 *
 * @param clientId the app
 * @param name its name
 * @param since when it was first given a token
 * @param scopes what it was allowed
 */
public record ConnectedApp(String clientId, String name, Instant since, Set<String> scopes) {
}
